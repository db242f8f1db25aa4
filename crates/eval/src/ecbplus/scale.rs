//! Scale measurement of linking (filled below).
