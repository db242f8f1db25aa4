// End-to-end tests of the web UI in headless Chromium, as a new user would try it:
//   storyline ingest examples/antonov --store s && storyline serve --store s
// then open the UI, find the story, its timeline, the quotes, an article's evidence, search.
//
// Needs: the storyline binary (STORYLINE_BIN, default target/debug/storyline) and Chromium
// (CHROMIUM, default /usr/bin/chromium). Screenshots go to tests/e2e/out/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bin = process.env.STORYLINE_BIN || path.join(root, "target/debug/storyline");
const out = path.join(here, "out");

let tmp, server, base, browser, page;
const consoleErrors = [];

async function api(p) {
  const r = await fetch(base + p);
  assert.equal(r.status, 200, `${p}: ${r.status}`);
  return r.json();
}

before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), "storyline-e2e-"));
  mkdirSync(out, { recursive: true });
  // The five example articles, plus one whose text looks like markup: it must show as text.
  const hostile = path.join(tmp, "hostile");
  mkdirSync(hostile);
  writeFileSync(path.join(hostile, "markup.txt"),
    "Publish Date : 3 March 2022\n\nThe <img src=x onerror=\"window.__pwned=1\"> affair\n\n" +
    "A council in Brenholt debated <script>window.__pwned=1</script> a strange motion on Thursday, " +
    "the clerk said. \"We read every letter,\" said the clerk, Ann Holm.\n");
  const store = path.join(tmp, "s");
  execFileSync(bin, ["ingest", path.join(root, "examples/antonov"), hostile, "--store", store], { stdio: "ignore" });

  server = spawn(bin, ["serve", "--store", store, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, STORYLINE_WRITE_TOKEN: "" } });
  base = await new Promise((resolve, reject) => {
    let buf = "";
    server.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/[^\s]+?)\/?\n/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill("SIGKILL");
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the story list leads to the Antonov story with its timeline and quotes", async () => {
  await page.goto(base + "/");
  await page.waitForSelector("#stories li");
  const first = page.locator("#stories li .card-title a").first();
  const stories = await api("/api/stories");
  assert.equal(await first.textContent(), stories.items[0].title);
  await page.screenshot({ path: path.join(out, "stories.png"), fullPage: true });

  await first.click();
  await page.waitForSelector("#story-title");
  const id = decodeURIComponent(page.url().split("#/story/")[1]);
  const story = await api(`/api/stories/${encodeURIComponent(id)}`);
  assert.equal(await page.locator("#story-title").textContent(), story.story.title);
  assert.ok(story.articles.length >= 3, "the examples tell one story in several outlets");
  assert.equal(await page.locator("#articles tbody tr").count(), story.articles.length);

  // The timeline shows every entry of the API, disputed ones marked; the axis is drawn.
  assert.equal(await page.locator("#timeline > li").count(), story.story.timeline.length);
  const disputed = story.story.timeline.filter((e) => e.disputed).length;
  assert.equal(await page.locator("#timeline > li.disputed").count(), disputed);
  assert.equal(await page.locator("svg.axis").count(), 1);
  if (story.story.conflicts.length) {
    const c = page.locator("#conflicts");
    assert.ok(await c.isVisible());
    for (const claim of story.story.conflicts[0].claims) assert.ok((await c.textContent()).includes(claim.value));
  }

  // Quotes grouped by speaker: Antonov's words are there.
  const quotes = page.locator("#quotes");
  const speakers = await quotes.locator(".speaker").allTextContents();
  assert.ok(speakers.some((s) => s.includes("Antonov")), `speakers: ${speakers}`);
  assert.ok((await quotes.textContent()).includes("There is a lot of work to be done"));
  await page.screenshot({ path: path.join(out, "story.png"), fullPage: true });
});

test("a quote's source opens the article with exactly that evidence highlighted", async () => {
  const stories = await api("/api/stories");
  const story = await api(`/api/stories/${encodeURIComponent(stories.items[0].id)}`);
  const ev = story.story.quotes[0].sources[0];
  await page.goto(`${base}/#/story/${encodeURIComponent(story.story.id)}`);
  await page.waitForSelector("#quotes");
  const link = page.locator(`#quotes a[href="#/article/${ev.article}?h=${ev.start}-${ev.end}"]`).first();
  await link.evaluate((a) => a.closest("details").setAttribute("open", ""));
  await link.click();
  await page.waitForSelector("#article-text mark.evidence");
  const marked = (await page.locator("#article-text mark.evidence").allTextContents()).join("");
  assert.equal(marked, ev.text);
  await page.screenshot({ path: path.join(out, "article.png"), fullPage: false });
});

test("search for Geneva finds the articles with the word highlighted", async () => {
  await page.goto(base + "/");
  await page.fill("#q", "Geneva");
  await page.press("#q", "Enter");
  await page.waitForSelector("#results li");
  const hits = await page.locator("#results li").count();
  assert.ok(hits >= 2, `hits: ${hits}`);
  const marks = await page.locator("#results mark").allTextContents();
  assert.ok(marks.includes("Geneva"), `marks: ${marks}`);
  await page.screenshot({ path: path.join(out, "search.png"), fullPage: true });
  // A hit leads to its story.
  await page.locator("#results li .meta a").first().click();
  await page.waitForSelector("#story-title");
});

test("an entity page shows Antonov's quotes across stories", async () => {
  const list = await api("/api/entities?q=antonov");
  const person = list.items.find((e) => e.entity.type === "person");
  await page.goto(`${base}/#/entity/${encodeURIComponent(person.entity.id)}`);
  await page.waitForSelector("#entity-name");
  assert.equal(await page.locator("#entity-name").textContent(), person.entity.name);
  const entity = await api(`/api/entities/${encodeURIComponent(person.entity.id)}`);
  assert.ok(entity.quotes.length > 0);
  assert.equal(await page.locator("#entity-quotes .quote").count(), entity.quotes.length);
});

test("article text that looks like markup is shown as text, never run", async () => {
  await page.goto(`${base}/#/search?q=Brenholt`);
  await page.waitForSelector("#results li");
  await page.locator("#results li .card-title a").first().click();
  await page.waitForSelector("#article-text");
  const text = await page.locator("#article-text").textContent();
  assert.ok(text.includes("<script>window.__pwned=1</script>"), "the markup is visible as text");
  assert.equal(await page.locator("#article-text script, #article-text img").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator("h1 img").count(), 0);
});

test("no script errors and no CSP violations on any page", () => {
  assert.deepEqual(consoleErrors, []);
});
