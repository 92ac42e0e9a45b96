// How a local cloud process sizes V8's heap and glibc's allocator (issue 15: RSS flat under load).
// Measured at 10 clients: with Node's defaults the old generation grows to about 4 times what
// survives a collection (90 MB live, 340-390 MB committed, kept when idle), the young generation
// takes up to 3 × 16 MB, and each thread that mallocs gets an arena of its own. Plain JavaScript:
// `npm start` reads it before anything is built.
'use strict';

/**
 * The old generation's next limit is live size × (1 + this / 100) instead of up to × 4. It is no
 * ceiling (a large request still gets the memory it needs). Passed as a flag: setting it at run
 * time needs node:v8, which nothing else of a start loads (about 5 ms).
 */
const HEAP_GROWING_PERCENT = 20;

/**
 * The flags of a local cloud process: `npm start`'s script (start.sh) and the tests' children pass
 * them. The young generation is not held at 4 MB from the start (`--min-semi-space-size=4`): starts
 * were no faster in alternating runs, and a 10-minute soak with it ended 6 MB higher (+8.8% after the
 * first minute against +2.7%). Nor is it capped at 2 MB: starts were about 15 ms faster (fewer pages
 * written for the first time), but `npm run bench` served 20% fewer getRide requests a second
 * (518 and 534 against 674 and 675, two runs each, alternating).
 */
const START_FLAGS = ['--max-semi-space-size=4', `--heap-growing-percent=${HEAP_GROWING_PERCENT}`];

/**
 * glibc's tunable that gives the blocks it maps transparent huge pages where the system offers them
 * on request (`madvise`, the usual setting): one page fault per 2 MB instead of 512. A start reads
 * and copies some 10 MB through malloc (the bundle, its code cache, the string of its source).
 */
const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

/**
 * Environment glibc reads only when the process starts: 2 arenas, not 8 per core, and the tunable
 * above after any tunables `env` already sets.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Record<string, string>}
 */
function startEnv(env = process.env) {
  return { MALLOC_ARENA_MAX: '2', GLIBC_TUNABLES: env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${HUGE_PAGES_TUNABLE}` : HUGE_PAGES_TUNABLE };
}

module.exports = { HEAP_GROWING_PERCENT, START_FLAGS, startEnv };
