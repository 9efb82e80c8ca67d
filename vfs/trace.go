package vfs

import (
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"sync"

	"github.com/govfs/govfs/internal/sysfmt"
)

// Tracer receives one line per system call, strace style, with flags
// and modes by name, and at TraceLayers and TraceWalk (trace_call.go)
// the layers the call crossed, indented under it:
//
//	[1] openat(AT_FDCWD, "/tmp/x", O_RDWR|O_CREAT|O_CLOEXEC, 0644) = 3
//	[1] read(3, 4096) = -1 EBADF (bad file descriptor)
//	[1] unlinkat(AT_FDCWD, "d", AT_REMOVEDIR) = 0
//
// Every syscall reports through Tracer.emit, with its layers or (from
// Kernel.traceSys) without. The spelling of flags and modes is
// internal/sysfmt's, the same that vfstest's differential transcripts
// use.
type Tracer struct {
	mu  sync.Mutex
	w   io.Writer
	opt TraceOptions
}

// Trace starts writing a line per syscall to w; Trace(nil) stops. It is
// TraceWith(w, TraceOptions{}).
func (k *Kernel) Trace(w io.Writer) { k.TraceWith(w, TraceOptions{}) }

func (k *Kernel) tracing() bool { return k.tracer.Load() != nil }

// traceSys writes one line: the call, its arguments and its result, for
// the calls that carry no callTrace. The callers build args only when
// tracing() is true.
func (k *Kernel) traceSys(p *Process, name string, ret int64, err error, args ...any) {
	if t := k.tracer.Load(); t != nil {
		t.emit(p, name, ret, err, args, "")
	}
}

// argKind says how an integer argument reads: as a set of flags, a mode,
// a name.
type argKind uint8

const (
	plainArg    argKind = iota
	openFlags           // O_RDWR|O_CREAT
	createMode          // 0644, only when the open flags create
	modeArg             // 0644
	nodeMode            // S_IFIFO|0644
	devArg              // makedev(1, 3)
	atFlags             // AT_REMOVEDIR
	accessAt            // AT_EACCESS
	accessMode          // R_OK|W_OK
	renameFlags         // RENAME_NOREPLACE
	fallocFlags         // FALLOC_FL_KEEP_SIZE
	pipeFlags           // O_CLOEXEC|O_NONBLOCK
	dup3Flags           // O_CLOEXEC
	whenceArg           // SEEK_SET
	fcntlCmd            // F_SETFL
	fcntlArg            // read by the fcntlCmd before it
	mountFlags          // MS_BIND|MS_REC
	umountFlags         // MNT_DETACH
	sockDomain          // AF_INET
	sockTypeArg         // SOCK_STREAM|SOCK_CLOEXEC
	sockFlags           // SOCK_NONBLOCK (accept4)
	shutHow             // SHUT_WR
	protArg             // PROT_READ|PROT_WRITE
	mapFlags            // MAP_SHARED|MAP_POPULATE
)

// traceSigs lists, per syscall, how its integer arguments read; calls
// not listed (and arguments past the list) print as plain values.
var traceSigs = map[string][]argKind{
	"openat":     {plainArg, plainArg, openFlags, createMode},
	"mkdirat":    {plainArg, plainArg, modeArg},
	"mknodat":    {plainArg, plainArg, nodeMode, devArg},
	"fchmodat":   {plainArg, plainArg, modeArg},
	"fchmod":     {plainArg, modeArg},
	"fchownat":   {plainArg, plainArg, plainArg, plainArg, atFlags},
	"unlinkat":   {plainArg, plainArg, atFlags},
	"linkat":     {plainArg, plainArg, plainArg, plainArg, atFlags},
	"renameat2":  {plainArg, plainArg, plainArg, plainArg, renameFlags},
	"utimensat":  {plainArg, plainArg, atFlags},
	"stat":       {plainArg, plainArg, atFlags},
	"lstat":      {plainArg, plainArg, atFlags},
	"newfstatat": {plainArg, plainArg, atFlags},
	"faccessat2": {plainArg, plainArg, accessMode, accessAt},
	"fallocate":  {plainArg, fallocFlags},
	"pipe2":      {plainArg, pipeFlags},
	"dup3":       {plainArg, plainArg, dup3Flags},
	"lseek":      {plainArg, plainArg, whenceArg},
	"fcntl":      {plainArg, fcntlCmd, fcntlArg},
	"mount":      {plainArg, plainArg, plainArg, mountFlags},
	"umount2":    {plainArg, umountFlags},
	"socket":     {sockDomain, sockTypeArg},
	"socketpair": {sockDomain, sockTypeArg},
	"accept4":    {plainArg, sockFlags},
	"shutdown":   {plainArg, shutHow},
	"mmap":       {plainArg, plainArg, protArg, mapFlags},
}

// traceArgs spells each argument by its kind in the call's signature.
func traceArgs(name string, args []any) []string {
	sig := traceSigs[name]
	out := make([]string, 0, len(args))
	for i, a := range args {
		kind := plainArg
		if i < len(sig) {
			kind = sig[i]
		}
		v, isInt := intArg(a)
		switch {
		case !isInt || kind == plainArg:
			out = append(out, plainString(a))
		case kind == createMode:
			if flags, _ := intArg(args[i-1]); flags&(O_CREAT|O_TMPFILE&^O_DIRECTORY) != 0 {
				out = append(out, sysfmt.Octal(uint32(v)))
			}
		case kind == fcntlArg:
			cmd, _ := intArg(args[i-1])
			if cmd != F_GETFD && cmd != F_GETFL && cmd != F_GETPIPE_SZ {
				out = append(out, sysfmt.FcntlArg(cmd, v))
			}
		default:
			out = append(out, kindString(kind, v))
		}
	}
	return out
}

func kindString(kind argKind, v int) string {
	switch kind {
	case openFlags:
		return sysfmt.OpenFlags(v)
	case modeArg:
		return sysfmt.Octal(uint32(v))
	case nodeMode:
		return sysfmt.NodeMode(uint32(v))
	case devArg:
		return sysfmt.Dev(uint64(v))
	case atFlags:
		return sysfmt.FlagsOr0(v, sysfmt.AtFlagNames)
	case accessAt:
		return sysfmt.FlagsOr0(v, sysfmt.AccessAtFlagNames)
	case accessMode:
		return sysfmt.AccessMode(uint32(v))
	case renameFlags:
		return sysfmt.FlagsOr0(v, sysfmt.RenameFlagNames)
	case fallocFlags:
		return sysfmt.FlagsOr0(v, sysfmt.FallocFlagNames)
	case pipeFlags:
		return sysfmt.FlagsOr0(v, sysfmt.OpenFlagNames)
	case dup3Flags:
		return sysfmt.FlagsOr0(v, sysfmt.Dup3FlagNames)
	case whenceArg:
		return sysfmt.Whence(v)
	case fcntlCmd:
		return sysfmt.Fcntl(v)
	case mountFlags:
		return sysfmt.FlagsOr0(v, sysfmt.MountFlagNames)
	case umountFlags:
		return sysfmt.FlagsOr0(v, sysfmt.UmountFlagNames)
	case sockDomain:
		if name, ok := domainNames[v]; ok {
			return name
		}
	case sockTypeArg:
		t := strconv.Itoa(v & 0xf)
		if name, ok := sockTypeNames[v&0xf]; ok {
			t = name
		}
		if f := v &^ 0xf; f != 0 {
			t += "|" + sysfmt.Flags(f, sockFlagNames)
		}
		return t
	case sockFlags:
		return sysfmt.FlagsOr0(v, sockFlagNames)
	case shutHow:
		if v >= SHUT_RD && v <= SHUT_RDWR {
			return [...]string{"SHUT_RD", "SHUT_WR", "SHUT_RDWR"}[v]
		}
	case protArg:
		return sysfmt.Prot(v)
	case mapFlags:
		return sysfmt.FlagsOr0(v, sysfmt.MapFlagNames)
	}
	return strconv.Itoa(v)
}

// intArg reads an integer argument of any of the types the syscalls use.
func intArg(a any) (int, bool) {
	switch v := a.(type) {
	case int:
		return v, true
	case uint32:
		return int(v), true
	case uint:
		return int(v), true
	case uintptr:
		return int(v), true
	case flagsArg:
		return int(v), true
	}
	return 0, false
}

// plainString spells an argument with no kind: strings quoted, data
// quoted and cut at 32 bytes, AT_FDCWD by name, nil as NULL.
func plainString(a any) string {
	switch v := a.(type) {
	case nil: // a nil Sockaddr: sendto to the connected peer
		return "NULL"
	case string:
		return strconv.Quote(v)
	case []byte:
		return fmt.Sprintf("%q", truncate(v))
	case uint32:
		return sysfmt.Octal(v)
	case atFD:
		if v == AT_FDCWD {
			return "AT_FDCWD"
		}
		return strconv.Itoa(int(v))
	case OpenHow:
		return openHowString(v)
	case Sockaddr:
		return sockaddrString(v)
	}
	return fmt.Sprint(a)
}

// Names of the socket calls' arguments, as strace spells them.
var (
	domainNames   = map[int]string{AF_UNIX: "AF_UNIX", AF_INET: "AF_INET", AF_INET6: "AF_INET6"}
	sockTypeNames = map[int]string{SOCK_STREAM: "SOCK_STREAM", SOCK_DGRAM: "SOCK_DGRAM", SOCK_RAW: "SOCK_RAW", SOCK_SEQPACKET: "SOCK_SEQPACKET"}
	sockFlagNames = []sysfmt.Name{{Bits: SOCK_CLOEXEC, Name: "SOCK_CLOEXEC"}, {Bits: SOCK_NONBLOCK, Name: "SOCK_NONBLOCK"}}
)

// sockaddrString spells a socket address as strace does, in the
// caller's (x/sys/unix) form: {sa_family=AF_UNIX, sun_path="/tmp/s"},
// {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}.
func sockaddrString(sa Sockaddr) string {
	switch a := sa.(type) {
	case *SockaddrUnix:
		if a == nil {
			break
		}
		if a.Name != "" && (a.Name[0] == '@' || a.Name[0] == 0) {
			return fmt.Sprintf("{sa_family=AF_UNIX, sun_path=@%q}", a.Name[1:])
		}
		return fmt.Sprintf("{sa_family=AF_UNIX, sun_path=%q}", a.Name)
	case *SockaddrInet4:
		if a == nil {
			break
		}
		return fmt.Sprintf("{sa_family=AF_INET, sin_port=htons(%d), sin_addr=inet_addr(\"%s\")}", a.Port, netip.AddrFrom4(a.Addr))
	case *SockaddrInet6:
		if a == nil {
			break
		}
		return fmt.Sprintf("{sa_family=AF_INET6, sin6_port=htons(%d), sin6_addr=inet_pton(\"%s\")}", a.Port, netip.AddrFrom16(a.Addr))
	}
	return "NULL"
}

// openHowString spells struct open_how as strace does, leaving out a
// mode that open would ignore and an empty resolve.
func openHowString(how OpenHow) string {
	s := "{flags=" + sysfmt.OpenFlags(int(how.Flags))
	if how.Flags&(O_CREAT|O_TMPFILE&^O_DIRECTORY) != 0 {
		s += ", mode=" + sysfmt.Octal(uint32(how.Mode))
	}
	if how.Resolve != 0 {
		s += ", resolve=" + sysfmt.Flags(int(how.Resolve), sysfmt.ResolveFlagNames)
	}
	return s + "}"
}

// traceResult spells a successful result; the flags fcntl reads back are
// spelled as flags, the way strace shows them.
func traceResult(name string, ret int64, args []any) string {
	if name == "fcntl" && len(args) > 1 {
		switch cmd, _ := intArg(args[1]); cmd {
		case F_GETFL:
			return fmt.Sprintf("%#x (flags %s)", ret, sysfmt.OpenFlags(int(ret)))
		case F_GETFD:
			return fmt.Sprintf("%#x (flags %s)", ret, sysfmt.FlagsOr0(int(ret), sysfmt.FDFlagNames))
		}
	}
	return strconv.FormatInt(ret, 10)
}

// atFD marks a dirfd argument so AT_FDCWD prints by name.
type atFD int

func truncate(b []byte) []byte {
	if len(b) > 32 {
		return b[:32]
	}
	return b
}

// flagsArg marks open flags in traces.
type flagsArg int

func (f flagsArg) String() string { return sysfmt.OpenFlags(int(f)) }
