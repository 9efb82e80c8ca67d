package vfs

import (
	"bytes"
	"sync"
)

// Programs and their executables (fs/binfmt_script.c, fs/binfmt_misc.c).
// A program is a Go function registered by name, the way Linux registers
// a binfmt handler. An executable is an ordinary regular file whose
// first line names one:
//
//	#!govfs cat
//
// so copying, chmod, links and mounts treat it as any other file, and
// exec reads it as search_binary_handler does: the first BINPRM_BUF_SIZE
// bytes, then the handler that recognises them.

// Program is the code an executable runs. p is the process that called
// Exec, now running the program; argv and envv are Exec's. Its stdio
// is p's fds 0, 1 and 2, and it reaches everything through p's system
// calls. The result is the exit code its parent's Wait sees.
type Program func(p *Process, argv, envv []string) int

// binprmBufSize is how much of an executable exec reads to recognise
// it (BINPRM_BUF_SIZE).
const binprmBufSize = 256

// shebang starts the first line of every executable.
const shebang = "#!govfs "

// maxProgramName is the longest name whose line, with its newline,
// fits in the bytes exec reads.
const maxProgramName = binprmBufSize - len(shebang) - 1

// programTable is the kernel's registry of programs (the list of
// linux_binfmt handlers).
type programTable struct {
	mu    sync.RWMutex
	progs map[string]Program
}

// RegisterProgram makes prog runnable as name: an executable whose
// first line is "#!govfs name" runs it. EEXIST if the name is taken;
// EINVAL for a nil prog, or a name that is empty, holds a space, a
// control character or a DEL (which would end or blur the first line),
// or is longer than the 247 bytes that fit in the 256 exec reads.
func (k *Kernel) RegisterProgram(name string, prog Program) error {
	if prog == nil || !validProgramName(name) {
		return EINVAL
	}
	t := &k.programs
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.progs[name]; ok {
		return EEXIST
	}
	if t.progs == nil {
		t.progs = make(map[string]Program)
	}
	t.progs[name] = prog
	return nil
}

func validProgramName(name string) bool {
	if name == "" || len(name) > maxProgramName {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// program returns the program registered as name.
func (k *Kernel) program(name string) (Program, bool) {
	t := &k.programs
	t.mu.RLock()
	defer t.mu.RUnlock()
	prog, ok := t.progs[name]
	return prog, ok
}

// Install writes an executable for the program name at path: a regular
// file holding "#!govfs name\n", mode 0755, owned by root. It is made
// by init (pid 1), with init's root, cwd and credentials, the way a
// package manager running as root would: it creates the file or
// truncates an existing one, as cp does. The program need not be
// registered yet, since exec looks the name up each time; a name
// RegisterProgram would refuse is EINVAL, and once init has exited
// Install is ESRCH.
func (k *Kernel) Install(path, name string) error {
	if !validProgramName(name) {
		return EINVAL
	}
	init := k.Init()
	fd, err := init.Open(path, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0o755)
	if err != nil {
		return err
	}
	line := []byte(shebang + name + "\n")
	n, err := init.Write(fd, line)
	if err == nil && n < len(line) {
		err = ENOSPC
	}
	if err == nil {
		err = init.Fchmod(fd, 0o755) // whatever init's umask or the old file's mode
	}
	if cerr := init.Close(fd); err == nil {
		err = cerr
	}
	return err
}

// parseShebang returns the program name in the first bytes of an
// executable (load_script's parse of the #! line): the text after
// "#!govfs " up to the first newline, or to the end of a file shorter
// than the bytes exec reads. A full buffer without a newline may hold
// a cut name, so it names nothing, as Linux refuses to run a truncated
// interpreter path.
func parseShebang(buf []byte) (string, bool) {
	line, _, found := bytes.Cut(buf, []byte{'\n'})
	if !found && len(buf) >= binprmBufSize {
		return "", false
	}
	name, ok := bytes.CutPrefix(line, []byte(shebang))
	if !ok || len(name) == 0 {
		return "", false
	}
	return string(name), true
}
