// `node watchdog.mjs <command> [args…]` runs the command for as long as the process that
// started this one lives, and ends it after. The parent keeps this process's stdin open and
// never writes to it: when the parent exits, however it ends (a SIGKILL or a crash included),
// the system closes that pipe and the command is stopped here. A plain script, run by node
// itself, so that nothing but node has to start for it.
//
// - The command's pid is written to file descriptor 3 when the parent opened it.
// - Files the command creates are readable by their owner only (umask 077).
// - SIGTERM, SIGINT and SIGHUP stop the command too; the command's exit ends this process.
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';

const GRACE_MS = 3000;
const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node watchdog.mjs <command> [args…]\n');
  process.exit(2);
}

process.umask(0o077);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
  child.kill('SIGTERM');
  setTimeout(() => {
    child.kill('SIGKILL');
    process.exit(1);
  }, GRACE_MS).unref();
}

child.once('error', (error) => {
  process.stderr.write(`watchdog: could not start ${command}: ${error.message}\n`);
  process.exit(127);
});
child.once('exit', (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));

if (child.pid !== undefined)
  try {
    writeSync(3, `${child.pid}\n`);
  } catch {
    // Nobody asked for the pid.
  }

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
// The parent is gone (or has let go of this process) once its end of stdin closes.
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
