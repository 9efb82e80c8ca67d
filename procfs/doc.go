// Package procfs is /proc: the kernel's processes as directories, their
// open files as magic links, and a few system-wide files, all made on
// lookup and generated on open (registered as "proc"; govfs.Boot mounts
// it at /proc).
//
//	/proc
//	├── self          → "PID" of whoever reads it
//	├── thread-self   → "PID/task/PID"
//	├── mounts        → "self/mounts"
//	├── filesystems, meminfo, uptime          generated, size 0
//	├── sys/          the sysctl tree (sys.go)
//	└── PID/          one per live or zombie process, owned by its euid;
//	    │             gone from the dentry cache once it is reaped
//	    ├── status, stat, cmdline, comm, environ*, limits, mounts, mountinfo
//	    ├── cwd*, root*, exe*   magic links
//	    ├── fd*/N              magic link to the File behind fd N
//	    └── fdinfo*/N          pos, flags, mnt_id, ino, then the File's own
//	                           lines (vfs.FdinfoShower: a unix socket's scm_fds)
//
//	* the ptrace rule: the process's own uid (all of uid, euid, suid
//	  and the gids alike) or root; others get EACCES.
//
// A magic link reads as a path ("/tmp/x (deleted)", "pipe:[5]") but
// following it jumps to the File's own dentry and mount (vfs.Jumper),
// so Open("/proc/self/fd/N") reaches an unlinked file or the same pipe,
// and Linkat with AT_SYMLINK_FOLLOW can give a deleted or O_TMPFILE
// file a name again. Every generated file builds its bytes once per
// open with vfs.GenFile; one opened on a process that has since been
// reaped reads ESRCH.
package procfs
