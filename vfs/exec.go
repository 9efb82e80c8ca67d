package vfs

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
)

// execve(2) (fs/exec.c), in the order Linux does it:
//
//	open the file for exec      walk (following symlinks), a regular file,
//	                            not on a noexec mount, some x bit for the
//	                            caller (do_open_execat, may_open)
//	read the first 256 bytes    find the program (search_binary_handler)
//	compute the credentials     set-uid/set-gid unless nosuid (bprm_fill_uid)
//	── point of no return ──
//	install image and creds     /proc/PID/exe and cmdline now name it
//	close FD_CLOEXEC fds        (do_close_on_exec)
//	run the program             on the calling goroutine, then exit
//
// Every error comes before the point of no return and leaves the
// process as it was.

// execImage is what a process runs since its last exec: the parts of
// its mm_struct that /proc/PID/exe (mm->exe_file) and /proc/PID/cmdline
// read. Replaced whole, never changed. Fork shares it with the child.
type execImage struct {
	file *File // the executed file, held, and denying writers (putExecFile)
	argv []string
	envv []string
}

// Exec replaces the program the process runs (execve(2)), with x/sys/unix's
// signature: path names an executable (see RegisterProgram), argv and
// envv are handed to its program.
//
// Before the point of no return: ESRCH if the process has exited; the
// walk's errors (ENOENT, ENOTDIR, ELOOP, EACCES on a directory on the
// way); EACCES for anything but a regular file (a directory, a FIFO, a
// device), a file on a noexec mount, or one without an x bit for the
// caller (root too needs one); ENOEXEC for a file whose first line is
// not "#!govfs NAME" (an empty file, a cut line) or names no registered
// program; ETXTBSY for a file open for writing. These leave the process
// unchanged.
//
// Then, for good: a set-uid file makes its owner the effective uid, a
// set-gid file (with the group x bit) its group the effective gid,
// unless the mount is nosuid; the saved and filesystem ids become the
// effective ones, as on every exec. The FD_CLOEXEC fds are closed.
// Caught signals would be reset to their default here, but govfs has
// no signal handlers to reset; signals already sent stay recorded.
// Exe and Cmdline now name the file and argv, and while the process (or
// a child forked from it) runs the file, opening it for writing or
// truncate(2) is ETXTBSY, as for a Linux binary. The program runs on the
// calling goroutine with the process's fds 0, 1 and 2 as its stdio;
// when it returns, the process exits with its code (Exit) and Exec
// returns nil: like execve, it never comes back to the old program.
// Other goroutines of the process (its "threads") are not stopped, as
// Linux's de_thread would stop them; they go on, with the new
// credentials and without the close-on-exec fds.
//
// A program that calls Exec itself should return as soon as that
// returns: the process has already run the new program and exited.
//
// A program that panics dies as a C program that faults does: the
// process is killed by SIGSEGV (its parent's Wait sees the wait status
// SIGSEGV, WIFSIGNALED), and Exec returns a *ProgramPanic with the
// value and stack, rather than take the caller's goroutine, and the
// whole Go program, down with it. A program whose goroutine is ended by
// runtime.Goexit is killed by SIGSEGV too.
func (p *Process) Exec(path string, argv, envv []string) error {
	tr := p.k.traceBegin(p)
	bprm, err := p.prepareExec(tr, path)
	if err == nil {
		err = p.commitExec(bprm, argv, envv)
		if tr != nil && err == nil {
			tr.layerf("commit: close-on-exec fds closed, credentials of the new program (uid %d)", bprm.cred.Euid)
		}
	}
	if tr != nil {
		tr.end("execve", 0, err, path, traceArgv(argv), traceEnvv(len(envv)))
	}
	if err != nil {
		return err
	}
	return p.runProgram(bprm, argv, envv)
}

// binprm is an exec in preparation (struct linux_binprm).
type binprm struct {
	file *File
	name string  // the program's name, from the first line
	prog Program // the program registered as name
	cred *Cred   // the credentials it will run with
}

// prepareExec does everything that may fail, changing nothing.
func (p *Process) prepareExec(tr *callTrace, path string) (*binprm, error) {
	if p.exiting.Load() {
		return nil, ESRCH
	}
	f, err := p.openExec(tr, path)
	if err != nil {
		return nil, err
	}
	buf, err := readBinprm(f)
	if err != nil {
		putExecFile(f)
		return nil, err
	}
	name, ok := parseShebang(buf)
	var prog Program
	if ok {
		prog, ok = p.k.program(name)
	}
	if tr != nil {
		tr.binfmtLayer(f, name, ok)
	}
	if !ok {
		putExecFile(f)
		return nil, ENOEXEC
	}
	return &binprm{file: f, name: name, prog: prog, cred: execCred(p.cred.Load(), f.path)}, nil
}

// openExec opens path for exec (do_open_execat): a File for reading the
// first bytes, which the process then holds as its executable. It needs
// exec permission but not read permission, as Linux reads a binary with
// mode 0111 for the caller. The file may not be open for writing
// (ETXTBSY), and cannot be opened for writing while the File lives
// (deny_write_access); putExecFile lets go of both.
func (p *Process) openExec(tr *callTrace, path string) (*File, error) {
	op := openOp{flags: O_RDONLY, acc: mayExec, fmode: fmodeRead | fmodePread, lookup: lookupFollow}
	for range maxRetries {
		at, err := p.nameiTr(tr, AT_FDCWD, path, op.lookup)
		if err != nil {
			return nil, err
		}
		if err := mayExecPath(p.cred.Load(), at); err != nil {
			tr.permFailed("may_open", err, "file", at.Inode(), nil)
			return nil, err
		}
		f, err := p.newFile(at, &op)
		if err == errStale {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := denyWriteAccess(f.inode); err != nil {
			f.DecRef()
			return nil, err
		}
		return f, nil
	}
	return nil, ENOENT
}

// putExecFile lets go of a File openExec made.
func putExecFile(f *File) {
	allowWriteAccess(f.inode)
	f.DecRef()
}

// mayExecPath is may_open's check for MAY_EXEC, then inode_permission:
// only a regular file runs, never one on a noexec mount, and only with
// an x bit for cred.
func mayExecPath(cred *Cred, at Path) error {
	inode := at.Inode()
	if inode.fileType() != S_IFREG || at.Mnt.flags.Load()&mntNoexec != 0 {
		return EACCES
	}
	return permission(cred, inode, mayExec)
}

// readBinprm reads the first binprmBufSize bytes of the file, or all of
// a shorter one (prepare_binprm).
func readBinprm(f *File) ([]byte, error) {
	buf := make([]byte, binprmBufSize)
	n := 0
	for n < len(buf) {
		m, err := f.readAt(buf[n:], int64(n))
		if err != nil {
			return nil, err
		}
		if m == 0 {
			break
		}
		n += m
	}
	return buf[:n], nil
}

// execCred computes the credentials a program runs with (bprm_fill_uid,
// then cap_bprm_creds_from_file's suid = fsuid = euid): a set-gid file
// without the group x bit is mandatory locking's mark, not set-gid.
func execCred(old *Cred, at Path) *Cred {
	c := *old // Groups is shared: a Cred is never changed in place
	if at.Mnt.flags.Load()&mntNosuid == 0 {
		uid, gid, mode := at.Inode().owner()
		if mode&S_ISUID != 0 {
			c.Euid = uid
		}
		if mode&(S_ISGID|S_IXGRP) == S_ISGID|S_IXGRP {
			c.Egid = gid
		}
	}
	c.Suid, c.Fsuid = c.Euid, c.Euid
	c.Sgid, c.Fsgid = c.Egid, c.Egid
	return &c
}

// commitExec passes the point of no return (begin_new_exec): the new
// image and credentials, then the close-on-exec fds. ESRCH, changing
// nothing, if the process began to exit meanwhile.
func (p *Process) commitExec(bprm *binprm, argv, envv []string) error {
	img := &execImage{file: bprm.file, argv: append([]string(nil), argv...), envv: append([]string(nil), envv...)}
	p.fsMu.Lock()
	if p.exitedLocked() {
		p.fsMu.Unlock()
		putExecFile(bprm.file)
		return ESRCH
	}
	p.cred.Store(bprm.cred)
	old := p.image.Swap(img)
	p.fsMu.Unlock()
	if old != nil {
		putExecFile(old.file)
	}
	p.files.closeAll(true)
	p.mm.drop(false) // the old image's memory (exec_mmap)
	return nil
}

// runProgram runs the program and ends the process with its result.
func (p *Process) runProgram(bprm *binprm, argv, envv []string) (err error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		if v := recover(); v != nil {
			err = &ProgramPanic{Program: bprm.name, Value: v, Stack: debug.Stack()}
		}
		// A panic, recovered above, or runtime.Goexit, which goes on.
		p.signal(SIGSEGV)
		p.exit(SIGSEGV, 128+SIGSEGV)
	}()
	code := bprm.prog(p, argv, envv)
	returned = true
	p.Exit(code)
	return nil
}

// ProgramPanic is Exec's error when the program panicked; the process
// was killed by SIGSEGV.
type ProgramPanic struct {
	Program string // the name on the executable's first line
	Value   any    // what the program panicked with
	Stack   []byte // the program's goroutine at the panic
}

func (e *ProgramPanic) Error() string {
	return fmt.Sprintf("vfs: program %s panicked: %v", e.Program, e.Value)
}

// dropImage lets go of the executable at exit (exit_mm).
func (p *Process) dropImage() {
	if img := p.image.Swap(nil); img != nil {
		putExecFile(img.file)
	}
}

// forkImage gives the child the parent's image (dup_mm_exe_file), with
// its own reference and its own denial of writers. p.fsMu is held, so
// no exec or exit of p drops the image meanwhile.
func (p *Process) forkImage(c *Process) {
	if img := p.image.Load(); img != nil {
		img.file.IncRef()
		denyWriteAccess(img.file.inode) // cannot fail: p's denial holds writers off
		c.image.Store(img)
	}
}

// Exe returns the file the process runs, the one its last Exec (or its
// parent's, before a fork) executed: what /proc/PID/exe names. Not held:
// valid while the process keeps it, as Root is. The zero Path for a
// process that never executed a file, and after exit.
func (p *Process) Exe() Path {
	if img := p.image.Load(); img != nil {
		return img.file.path
	}
	return Path{}
}

// Cmdline returns a copy of the argv the running program got (what
// /proc/PID/cmdline reads); nil when Exe is the zero Path.
func (p *Process) Cmdline() []string {
	if img := p.image.Load(); img != nil {
		return append([]string{}, img.argv...)
	}
	return nil
}

// traceArgv spells argv as strace does: ["cat", "/tmp/f"].
type traceArgv []string

func (a traceArgv) String() string {
	q := make([]string, len(a))
	for i, s := range a {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// traceEnvv spells the environment as strace does by default.
type traceEnvv int

func (n traceEnvv) String() string { return fmt.Sprintf("/* %d vars */", int(n)) }
