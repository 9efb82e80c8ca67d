// Package bin holds the programs govfs.Boot installs in /bin. Each is a
// vfs.Program written only against the system calls of the
// *vfs.Process that runs it, the way a C program uses libc's thin
// wrappers: it reads fd 0, writes fd 1, reports errors on fd 2 in
// coreutils' words (as under LC_ALL=C), and returns coreutils' exit
// status. None of them knows whether its fds lead to a file, a pipe or
// a socket.
//
//	k, _ := govfs.Boot()
//	child, _ := k.Init().Fork()
//	child.Exec("/bin/echo", []string{"echo", "hello"}, nil)
//
// # The programs
//
//	files        ls (-l -a -A -d -i -1), stat (-L), mkdir (-p -m -v),
//	             rm (-r -f -d -v), rmdir (-p -v), ln (-s -f -n -v), mv (-f -n -v),
//	             cp (-r -f -v), touch (-c -a -m),
//	             chmod (octal and u+x,go-w,a=r; -v), chown (user[:group]; -h)
//	special      mkfifo (-m), mknod (NAME b|c|u|p [MAJOR MINOR]; -m)
//	text         cat (-u), echo (-n), wc (-l -w -c -m), head (-n -c -q -v, -N),
//	             tee (-a), grep (-i -v -c -n -r -l -q -h -H -s -w -x -E -F -e)
//	mounts       mount (list; -t -o, --bind, -o remount), umount (-l -f)
//	processes    ps (-e -f, from /proc), sleep, kill (-SIG, -s, -l), id (-u -g -G -n), su
//	exit         true, false
//
// Owners and groups are named from /etc/passwd and /etc/group (Boot
// writes them), read with open(2) and read(2) like getpwuid(3) does.
// Times are printed in UTC.
//
// # Signals
//
// govfs runs no signal handlers: a signal interrupts the call a process
// is blocked in (EINTR), and a write to a pipe without readers records
// SIGPIPE and fails with EPIPE. The programs take these as the
// signal's default action and exit with 128 plus its number (143 after
// kill, 141 for SIGPIPE), the status a shell reports for a process a
// signal killed: sleep when its Nanosleep is interrupted (a signal sent
// before sleep began is pending and ends it at once), cat, tee, head,
// wc and grep when a read is, and cat, echo and tee when a write fails
// with EPIPE. A signal whose default is to be ignored (SIGCHLD,
// SIGCONT, SIGURG, SIGWINCH) or to stop the process (SIGSTOP, SIGTSTP:
// there is no job control) restarts the call. Programs that only
// print (ls, ps) do not check: into a closed pipe they finish quietly.
//
// # Differences from coreutils
//
// No --help or --version (though errors point to --help, as coreutils
// does); ls writes one name a line, as coreutils does into a pipe, and
// never quotes names; grep's patterns are Go regexps (RE2: no
// back-references) reached from POSIX BRE/ERE syntax; ps lists every
// process with TTY "?" and zero times; su models no passwords (only
// root may switch) and always runs /bin/sh; mount knows no fstab.
package bin
