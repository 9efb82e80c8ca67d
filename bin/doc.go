// Package bin holds the programs govfs.Boot installs in /bin: cat,
// echo, true and false. Each is a vfs.Program written only against the
// system calls of the *vfs.Process that runs it, the way a C program
// uses libc's thin wrappers: it reads fd 0, writes fd 1, reports
// errors on fd 2 in coreutils' words, and returns its exit status. None
// of them knows whether its fds lead to a file, a pipe or a socket.
//
//	k, _ := govfs.Boot()
//	child, _ := k.Init().Fork()
//	child.Exec("/bin/echo", []string{"echo", "hello"}, nil)
package bin
