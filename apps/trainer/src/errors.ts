/**
 * A mistake in how the command was called (unknown task, flag, backend, bad flag value, wrong
 * bundle for a subcommand). The CLI prints its message and exits with status 2, without a stack.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit status for a usage error (as most Unix tools). */
export const EXIT_USAGE = 2;
/** Exit status after Ctrl-C once the checkpoint is saved (128 + SIGINT, the shell's convention). */
export const EXIT_INTERRUPTED = 130;
