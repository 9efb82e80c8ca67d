// Package sh is a POSIX shell that runs inside govfs: the program
// behind /bin/sh (Install), whose every open, redirection, pipeline and
// program goes through govfs's system calls, so that a learner sees a
// shell as it is in Unix: a loop of fork, dup2 and execve.
//
// mvdan.cc/sh/v3 supplies the language: its syntax package parses
// (LangPOSIX, so bash-only forms are errors or, like [[, commands not
// found, as in dash) and its expand package does the word expansions
// (parameters, $(...), $((...)), ~, field splitting, globbing with a
// ReadDir2 that lists directories through getdents in govfs). Its
// interp package is not used: it runs pipelines over os.Pipe and knows
// only fds 0 to 2, which would leave govfs out. The executor here walks
// the tree itself, and that is where the system calls are:
//
//	sh (pid 2)                               echo hi | cat > /tmp/f
//	──────────                               ────────────────────────
//	read(0) ─▶ parser ─▶ Stmt                 the script, a statement at a time
//	pipe([3,4])                               pipefs: pipe:[N]
//	fork() ────────────────▶ child 3
//	│                        dup2(4, 1); close(3); close(4)
//	│                        execve("/bin/echo")  ─▶ write(1, "hi\n")
//	close(4)
//	fork() ────────────────▶ child 4
//	│                        dup2(3, 0); close(3)
//	│                        open("/tmp/f", O_WRONLY|O_CREAT|O_TRUNC) = 3
//	│                        dup2(3, 1); close(3)
//	│                        execve("/bin/cat")   ─▶ read(0), write(1)
//	close(3)
//	wait4(3), wait4(4) ◀───── exit_group(0)   $? is the last one's status
//
// A child is a govfs process (Process.Fork), its Go code a goroutine,
// its program a vfs.Program that Exec runs. `trace on` turns the
// kernel's tracer on for the commands that follow, and shows exactly
// the calls above.
//
// # What runs where
//
//   - A program (anything not a builtin or a function) runs in a forked
//     child: redirections are applied there with open, dup2 and close,
//     then execve is tried for each directory of $PATH (/bin by
//     default). An executable that is no program (ENOEXEC) is run as a
//     shell script by the child, as dash does. Not found is status 127,
//     found but not runnable 126.
//   - Builtins and functions run in the shell process; their
//     redirections are made on the shell's own fds, each saved first
//     with fcntl(F_DUPFD_CLOEXEC, 10) and put back after, as dash does.
//   - Pipeline elements, "( )", "&" and "$( )" run in a forked child
//     with a copy of the shell's variables and functions. A simple
//     command that is the last thing such a child does is exec'd in it,
//     not forked again (dash's EV_EXIT), so `ls -l /proc/self/fd | cat`
//     shows ls's own fds: 1 is the pipe.
//   - "cmd &" does not wait; its fd 0 is /dev/null (no job control, as
//     POSIX says for that case); $! is its pid and `wait` reaps it. An
//     interactive shell also reaps the jobs that ended before each
//     prompt and says so ("[1] + Done"); a script leaves them zombies
//     until it runs wait or exits.
//
// # Syntax
//
// Simple commands with assignments (x=1, X=1 cmd), "|", "&&", "||",
// "!", ";", "&", { }, ( ), if/elif/else, while, until, for, case,
// functions with return, break and continue [n], redirections <, >,
// >|, >>, <>, n>&m, n<&m, n>&-, here-documents (<< and <<-, quoted
// delimiters), and all of expand's word expansions.
//
// Builtins: ":", ".", break, cd (physical: $PWD is getcwd's answer),
// continue, eval, exec (with or without a command), exit, export, pwd,
// read [-r], readonly, return, set (positional parameters only; no
// options), shift, test and [, trace on|layers|walk|off, umask, unset, wait.
// true, false, echo and the rest are programs in /bin.
//
// Messages and statuses are dash's: "sh: 3: nosuch: not found" (127),
// "sh: 1: cannot create /tmp: Is a directory" (2), "sh: 1: 7: Bad file
// descriptor" (2), and a syntax error ends a script with status 2 (the
// text after "Syntax error:" is mvdan's parser's, not dash's).
//
// Not done: job control (fg, bg, ^Z), traps and signals (govfs records
// them, nothing runs a handler), set -e, -u and -x, aliases, the
// history, and $(...) output larger than memory.
package sh
