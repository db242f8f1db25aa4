//! Speed benchmarks behind `storyline bench`. (Stub: each layer's issue adds its benchmark.)
