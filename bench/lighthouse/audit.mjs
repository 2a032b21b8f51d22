// Runs Lighthouse on a list of URLs, one fresh Chromium per run, and writes each report as JSON.
//
// Called by ./run (see README.md); usage: node audit.mjs JOB.json
// JOB.json: {"chromePath", "chromeFlags": [...], "categories": [...], "runs", "timeoutSeconds",
//            "deadline" (ms since the epoch), "cpuSlowdownMultiplier" (null: the default, 4),
//            "pages": [{"url", "report"}]}
//
// This is the programmatic twin of
//   lighthouse URL --chrome-flags="..." --only-categories=... --output=json --quiet \
//     --disable-full-page-screenshot
// with the default config (mobile form factor, simulated throttling; --cpu-multiplier of ./run
// adds --throttling.cpuSlowdownMultiplier). One Node process for all pages saves seconds of
// start-up per page; each run still gets a new Chromium with a new empty profile, as the CLI does,
// so no cache or favicon state carries over from one page to the next.
import fs from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import {computeMedianRun, filterToValidRuns} from 'lighthouse/core/lib/median-run.js';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function log(message) {
  process.stderr.write(`${message}\n`);
}

async function runOnce(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: job.chromePath,
    chromeFlags: job.chromeFlags,
    logLevel: 'silent',
  });
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${job.timeoutSeconds} s`)),
        job.timeoutSeconds * 1000,
      );
    });
    const result = await Promise.race([
      lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'silent',
        onlyCategories: job.categories,
        // Scores do not use it; leaving it out saves seconds a run on a small machine.
        disableFullPageScreenshot: true,
        ...(job.cpuSlowdownMultiplier
          ? {throttling: {cpuSlowdownMultiplier: job.cpuSlowdownMultiplier}}
          : {}),
      }),
      timeout,
    ]);
    if (!result) throw new Error('Lighthouse returned no result');
    return result.lhr;
  } finally {
    clearTimeout(timer);
    // Killing Chromium also ends a run that timed out: its protocol connection closes.
    try {
      chrome.kill();
    } catch {
      // already gone
    }
  }
}

let failures = 0;
for (const [index, page] of job.pages.entries()) {
  const counter = `[${index + 1}/${job.pages.length}]`;
  if (Date.now() > job.deadline) {
    log(`${counter} ${page.url}: not run, the time budget is spent`);
    fs.writeFileSync(page.report, JSON.stringify({error: 'not run: the time budget is spent'}));
    failures += 1;
    continue;
  }
  const lhrs = []; // runs that completed without a runtime error
  let failed = null; // the last run that did not: its report, or {error}
  // Up to two more runs per page if runs fail: on a busy host Chromium sometimes misses the
  // navigation start (NO_NAVSTART) or Lighthouse times out.
  let retries = 2;
  for (let run = 0; run < job.runs && Date.now() <= job.deadline; run++) {
    const started = Date.now();
    let ok = false;
    try {
      const lhr = await runOnce(page.url);
      const perf = lhr.categories.performance?.score;
      log(`${counter} ${page.url} run ${run + 1}: ${((Date.now() - started) / 1000).toFixed(0)} s,` +
        ` performance ${perf == null ? '-' : Math.round(perf * 100)}` +
        (lhr.runtimeError ? `, runtime error ${lhr.runtimeError.code}` : ''));
      if (lhr.runtimeError) {
        failed = lhr;
      } else {
        lhrs.push(lhr);
        ok = true;
      }
    } catch (err) {
      failed = {error: String(err?.message || err)};
      log(`${counter} ${page.url} run ${run + 1}: ${failed.error}`);
    }
    if (!ok && retries > 0) {
      retries -= 1;
      run -= 1;
      log(`${counter} ${page.url}: trying that run again`);
    }
  }
  if (lhrs.length === 0) {
    fs.writeFileSync(page.report, JSON.stringify(failed || {error: 'no run'}));
    failures += 1;
    continue;
  }
  // With several runs, keep the one Lighthouse itself calls the median (by FCP and TTI).
  const valid = filterToValidRuns(lhrs);
  const lhr = lhrs.length > 1 && valid.length ? computeMedianRun(valid) : lhrs[0];
  lhr.benchRuns = lhrs.map(r => ({
    cpuSlowdownMultiplier: r.configSettings?.throttling?.cpuSlowdownMultiplier ?? null,
    performance: r.categories.performance?.score ?? null,
    benchmarkIndex: r.environment?.benchmarkIndex ?? null,
  }));
  fs.writeFileSync(page.report, JSON.stringify(lhr));
}
process.exitCode = failures ? 1 : 0;
