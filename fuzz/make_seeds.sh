#!/usr/bin/env bash
# Write the hand-written seed corpus of every fuzz target into seeds/<target>/ (small inputs
# that reach each reader's main paths; nothing here is cut from third-party data).
set -euo pipefail
cd "$(dirname "$0")"
rm -rf seeds && mkdir -p seeds/{ingest_text,ingest_html,ingest_jsonl,ingest_warc,ingest_feed,ingest_sniff,time_tag,annotate}

article='MOSCOW, June 20 (Reuters) - Russia'"'"'s ambassador Anatoly Antonov returned to Washington on Sunday, three months after he was recalled. "We will work hard," Antonov told reporters at the airport, adding that talks would resume next week.'

printf 'Envoy returns to Washington\n\n%s\n\nThe Kremlin said on Monday it hoped for progress.\n' "$article" > seeds/ingest_text/article.txt
printf 'By Jane Doe\nPublished: 2021-06-20\n\nHeadline here\n\n%s\n\n(Reporting by Jane Doe; Editing by John Roe)\n' "$article" > seeds/ingest_text/header.txt
printf '\xef\xbb\xbfTitle\r\n\r\nCaf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d e\xcc\x81 \xf0\x9f\x98\x80\r\n' > seeds/ingest_text/utf8-bom.txt
printf 'Caf\xe9 au lait, na\xefve r\xe9sum\xe9.\n\nA latin-1 body paragraph said on Tuesday.\n' > seeds/ingest_text/latin1.txt
printf '\xff\xfeH\x00i\x00\n\x00' > seeds/ingest_text/utf16.txt

page() { printf '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title><meta property="og:site_name" content="The Daily"><meta property="article:published_time" content="2021-06-20T21:44:00Z"><link rel="canonical" href="https://example.com/a/1"><script type="application/ld+json">{"@type":"NewsArticle","headline":"%s","datePublished":"2021-06-20","author":{"name":"Jane Doe"}}</script></head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1><p>%s</p><p>He said: &ldquo;It&#39;s fine &amp; good.&rdquo;</p><ul><li>one</li></ul><table><tr><td>x</td></tr></table></article><footer>&copy; 2021</footer></body></html>' "$1" "$1" "$1" "$2"; }
page 'Envoy returns' "$article" > seeds/ingest_html/article.html
printf '<html><body><div><div><p>Unclosed <b>bold <i>italic</p><p>%s</div></body>' "$article" > seeds/ingest_html/broken.html
printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2 %s</p></body></html>' "$article" > seeds/ingest_html/cp1251.html
cp seeds/ingest_html/article.html seeds/annotate/1-page.html

printf '{"title": "Envoy returns", "maintext": "%s", "date_publish": "2021-06-20 21:44:00", "source_domain": "example.com", "url": "https://example.com/a"}\n{"headline": "Two", "text": "Second story.", "published": "June 21, 2021"}\nnot json\n{"title": {"nested": [1, 2]}, "maintext": null}\n' "${article//\"/\\\"}" > seeds/ingest_jsonl/lines.jsonl
printf '[{"title":"x"}]\n{"a":[[[[[[[[[[[[[[]]]]]]]]]]]]]}\n' > seeds/ingest_jsonl/odd.jsonl

html=$(page 'Envoy returns' "$article")
http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s' "$html")
record() { printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2021-06-20T21:44:00Z\r\nWARC-Record-ID: <urn:uuid:%s>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n' "$1" "$2" "$3" "$4" "${#5}" "$5"; }
{
  record warcinfo '' 0000 application/warc-fields 'software: seed'
  record response https://example.com/a/1 0001 'application/http; msgtype=response' "$http"
  record response https://example.com/a/2 0002 'application/http; msgtype=response' "$(printf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nnope')"
} > seeds/ingest_warc/records.warc
LC_ALL=C gzip -nc seeds/ingest_warc/records.warc > seeds/ingest_warc/records.warc.gz

printf '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>The Daily</title><link>https://example.com</link><item><title>Envoy returns</title><link>https://example.com/a/1</link><pubDate>Sun, 20 Jun 2021 21:44:00 GMT</pubDate><description><![CDATA[<p>%s</p>]]></description></item></channel></rss>' "$article" > seeds/ingest_feed/rss.xml
printf '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>The Daily</title><entry><title>Envoy returns</title><link href="https://example.com/a/1"/><updated>2021-06-20T21:44:00Z</updated><content type="html">&lt;p&gt;%s&lt;/p&gt;</content></entry></feed>' "$article" > seeds/ingest_feed/atom.xml

for t in "On Sunday, June 20, 2021, he said talks would resume next week." "The 1990s ended; by mid-2022 and last Tuesday at 3:30 p.m. EST, two days later, the summer of 2019." "from March 3 to 5, 2021, this year, the previous month, in Q3, 20/06/2021, 2021-06-20T21:44Z, a decade ago" "He arrived Friday. By then, the next day, tomorrow morning, every Monday, 48 hours, since 1999."; do
  printf '\x01\x06\x14%s' "$t" > "seeds/time_tag/$(printf '%s' "$t" | cksum | cut -d' ' -f1)"
done
printf '\x00\x00\x00%s' "$article" > seeds/time_tag/nodct

printf '\x00Envoy returns\n\n%s\n\n"It is a good sign," said Foreign Minister Sergei Lavrov, according to TASS. The U.S. State Department declined to comment on Monday, June 21.\n' "$article" > seeds/annotate/0-text.txt

# ingest_sniff: every reader's seeds behind a flag byte (1: named `.gz`, for gzip data).
for t in ingest_text ingest_html ingest_jsonl ingest_warc ingest_feed; do
  for f in seeds/$t/*; do
    if [ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" = "1f8b" ]; then flag='\x01'; else flag='\x00'; fi
    { printf "$flag"; cat "$f"; } > "seeds/ingest_sniff/$t-$(basename "$f")"
  done
done
