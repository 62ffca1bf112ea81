#!/usr/bin/env node
// The `seqlab` executable: runs the CLI on the process's arguments and exits with its status.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
