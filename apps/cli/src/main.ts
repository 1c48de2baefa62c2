#!/usr/bin/env node
import { run } from './run.js';

// Results go to stdout (one write per call, newline-terminated); notes and progress to stderr.
const io = {
  json: false,
  out: (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text: string) => process.stderr.write(text),
  errIsTty: Boolean(process.stderr.isTTY) || process.env.BULWARK_PROGRESS === '1',
};

process.exitCode = await run(process.argv.slice(2), io, process.env);
