// SPDX-License-Identifier: GPL-2.0
//
// The live page in a real browser: Debian's Chromium, headless, driven by
// playwright-core (web/node_modules). Loads URL, waits for events, and
// checks that the charts of the VSIDs and ports of TRUTH are drawn (their
// canvases have the series' pixels) and keep receiving points, and that
// the top flows tables show TRUTH's flows under their VSIDs. Writes a
// screenshot to SHOT. Output is TAP.
//
//   node live_browser.mjs URL TRUTH.json SHOT.png PROFILE-DIR
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(top, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const [url, truthFile, shot, profile] = process.argv.slice(2);
const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
let n = 0, failed = 0;
const check = (name, cond, detail) => {
	n++;
	if (cond) {
		console.log(`ok ${n} - ${name}`);
	} else {
		failed++;
		console.log(`not ok ${n} - ${name}`);
		if (detail)
			for (const l of String(detail).split('\n'))
				console.log(`# ${l}`);
	}
};

const ctx = await chromium.launchPersistentContext(profile, {
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update',
		'--disable-sync'],
	viewport: { width: 1400, height: 1100 },
});
try {
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	await page.goto(url);
	await page.waitForFunction(() => window.vswLive && window.vswLive.events >= 2,
		null, { timeout: 15000 });
	check('the page receives events', true);

	const vsids = [...new Set(truth.ports.map((p) => p.vsid))].sort();
	const keys = await page.$$eval('#vsids .chart', (b) => b.map((x) => x.dataset.key));
	check('one chart per VSID fed', JSON.stringify(keys.sort()) ===
		JSON.stringify(vsids.map((v) => `vsid-${v}`)), `charts: ${keys}`);
	const pkeys = await page.$$eval('#ports .chart', (b) => b.map((x) => x.dataset.key));
	const want = truth.ports.map((p) => `port-${truth.switch}-${p.dev}`).sort();
	check('one chart per port fed', JSON.stringify(pkeys.sort()) ===
		JSON.stringify(want), `charts: ${pkeys}`);

	// Drawn: each VSID's canvas has pixels of the rx series' colour,
	// once it has a few points (a line needs two; uPlot draws in a
	// microtask after setData()).
	await page.waitForFunction(() => [...document.querySelectorAll('#vsids .chart')]
		.every((b) => +b.dataset.points >= 3), null, { timeout: 10000 });
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
	const drawn = await page.$$eval('#vsids .chart canvas', (cs) => cs.map((c) => {
		const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		let blue = 0;
		for (let i = 0; i < d.length; i += 4)
			if (d[i] < 80 && d[i + 1] > 90 && d[i + 1] < 150 && d[i + 2] > 150)
				blue++;
		return blue;
	}));
	check('every VSID chart has its rx line drawn',
		drawn.length === vsids.length && drawn.every((b) => b > 20),
		`pixels of the rx line per chart: ${drawn}`);

	const points = () => page.$$eval('.chart', (b) => b.map((x) => +x.dataset.points));
	const before = await points();
	const ev = await page.evaluate(() => window.vswLive.events);
	await page.waitForFunction((e) => window.vswLive.events >= e + 2, ev,
		{ timeout: 10000 });
	const after = await points();
	check('the charts keep receiving points',
		before.length && after.length === before.length &&
		after.every((p, i) => p >= before[i] + 2),
		`points before ${before}, after ${after}`);

	const tables = await page.$$eval('table.flows', (ts) => ts.map((t) => ({
		vsid: +t.dataset.vsid,
		rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)),
	})));
	const tv = tables.map((t) => t.vsid).sort();
	check('a top flows table per VSID fed',
		JSON.stringify(tv) === JSON.stringify(vsids), `tables: ${tv}`);
	const missing = truth.flows.filter((f) => {
		const t = tables.find((x) => x.vsid === f.vsid);
		return !t || !t.rows.some((r) => r[0] === f.src && r[1] === f.dst &&
			(!f.sport || r[3] === `${f.sport} → ${f.dport}`));
	});
	check('every flow fed is shown under its VSID', !missing.length,
		`missing: ${JSON.stringify(missing)}\ntables: ${JSON.stringify(tables)}`);
	const pairs = await page.$$eval('#hosts tbody tr', (rs) =>
		rs.map((r) => [...r.cells].map((c) => c.textContent).slice(0, 2).join(' ')));
	const wantPairs = [...new Set(truth.flows.filter((f) => f.tun_src)
		.map((f) => `${f.tun_src} ${f.tun_dst}`))];
	check('every host pair fed is shown', wantPairs.every((p) => pairs.includes(p)),
		`shown: ${pairs}`);
	const drops = await page.$$eval('#drops tbody tr', (rs) =>
		rs.map((r) => r.cells[1] && r.cells[1].textContent));
	check('drops by reason shown', truth.drops.every((d) => drops.includes(d.reason)),
		`shown: ${drops}`);
	check('no script error', !errors.length, errors.join('\n'));
	await page.screenshot({ path: shot, fullPage: true });
	check(`screenshot ${shot}`, true);
} catch (e) {
	check('the page in Chromium', false, e.stack || e);
} finally {
	await ctx.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
