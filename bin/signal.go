package bin

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/govfs/govfs/vfs"
)

// sleep and kill, and how a govfs program meets a signal. govfs runs no
// signal handlers: a signal sent to a process interrupts the call it
// is blocked in with EINTR (vfs/signal.go), and a write to a pipe
// without readers records SIGPIPE and fails with EPIPE. The programs
// here take these as the signal's default action: sleep in Nanosleep,
// cat, tee, head, wc and grep in read, cat, echo and tee on EPIPE. For
// a signal that terminates they exit with 128 plus its number, the
// status a shell shows for a process the signal killed ($? = 143 after
// SIGTERM); after one that does not (see terminates) the call starts
// again. A signal sent before the sleep began is pending and ends it
// at once (Nanosleep). Which signal came they learn from
// Process.Signals, standing in for the kernel's delivery.

// read is read(2) as a program without handlers meets signals: a read
// interrupted by a signal that is ignored by default starts again (as
// with SA_RESTART), one interrupted by a signal that terminates returns
// EINTR, and the program returns killedBy's status. A terminating
// signal sent before the read (SIGPIPE from a write to a closed pipe,
// a kill while the program started) makes it return EINTR at once: the
// process would be dead already. One sent between that check and the
// read's sleep is missed, as vfs's blocking calls see only the signals
// sent while they wait.
func read(p *vfs.Process, fd int, buf []byte) (int, error) {
	if killedBy(p, vfs.EINTR) != 0 {
		return 0, vfs.EINTR
	}
	for {
		n, err := p.Read(fd, buf)
		if err != vfs.EINTR || killedBy(p, err) != 0 {
			return n, err
		}
	}
}

// killedBy is the exit status of a program whose call err ended: 128
// plus the first signal sent to the process whose default action is to
// terminate, if err is EINTR, or EPIPE (the write raised SIGPIPE), and
// there is one; else 0.
func killedBy(p *vfs.Process, err error) int {
	if err != vfs.EINTR && err != vfs.EPIPE {
		return 0
	}
	for _, sig := range p.Signals() {
		if terminates(sig) {
			return 128 + sig
		}
	}
	return 0
}

// signalNames are Linux's x86 signals 1..31, as kill -l lists them.
var signalNames = []string{"", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
	"SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
	"URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS"}

// terminates reports whether sig's default action ends the process.
// SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored by default;
// SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU stop it, and without job
// control govfs lets it run on.
func terminates(sig int) bool {
	switch sig {
	case vfs.SIGCHLD, 18, 19, 20, 21, 22, 23, 28:
		return false
	}
	return true
}

// parseSignal reads "TERM", "SIGTERM", "term" or "15".
func parseSignal(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0 && n < 65
	}
	name := strings.TrimPrefix(strings.ToUpper(s), "SIG")
	for i, n := range signalNames {
		if i > 0 && n == name {
			return i, true
		}
	}
	return 0, false
}

// Sleep pauses for the sum of its operands, each a number of seconds
// with a fraction ("0.5") and an optional suffix s, m, h or d, on the
// kernel's clock (Nanosleep), so a FakeClock's Advance ends it. A
// signal ends it early with status 128+signal (see above). Bad input
// is coreutils': "sleep: invalid time interval 'x'", "sleep: missing
// operand", status 1.
func Sleep(p *vfs.Process, argv, _ []string) int {
	args := tail(argv)
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		missingOperand(p, "sleep")
		return 1
	}
	var total time.Duration
	for _, a := range args {
		d, ok := parseInterval(a)
		if !ok {
			errorf(p, "sleep", "invalid time interval %s", quote(a))
			usage(p, "sleep")
			return 1
		}
		total += min(d, forever-total) // saturate at forever
	}
	var ts vfs.Timespec
	if err := p.ClockGettime(vfs.CLOCK_MONOTONIC, &ts); err != nil {
		return 1
	}
	end := time.Duration(ts.Sec)*time.Second + time.Duration(ts.Nsec) + total
	for left := total; left > 0; {
		err := p.Nanosleep(left)
		if err == nil {
			return 0
		}
		if err != vfs.EINTR {
			return 1
		}
		// Any signal that terminates would have ended the process
		// when it came, before or during the sleep.
		if code := killedBy(p, err); code != 0 {
			return code
		}
		if p.ClockGettime(vfs.CLOCK_MONOTONIC, &ts) != nil {
			return 1
		}
		left = end - time.Duration(ts.Sec)*time.Second - time.Duration(ts.Nsec)
	}
	return 0
}

// parseInterval reads a number as strtod does ("1.5", "1e3", "inf")
// with an optional unit: "2m", "0.25h", "1d". An interval too long for
// a time.Duration (292 years), "inf" included, is forever: 146 years,
// which no clock reaches.
func parseInterval(s string) (time.Duration, bool) {
	unit := time.Second
	if n := len(s); n > 1 && !strings.HasPrefix(strings.ToLower(s), "0x") {
		switch s[n-1] {
		case 's':
			s = s[:n-1]
		case 'm':
			unit, s = time.Minute, s[:n-1]
		case 'h':
			unit, s = time.Hour, s[:n-1]
		case 'd':
			unit, s = 24*time.Hour, s[:n-1]
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || f != f || f < 0 || strings.HasPrefix(s, "+") {
		return 0, false
	}
	if f*float64(unit) >= float64(forever) {
		return forever, true
	}
	return time.Duration(f * float64(unit)), true
}

// forever is the longest sleep, short enough that the clock's now plus
// it does not overflow.
const forever = time.Duration(1 << 62)

// Kill sends a signal (kill(2), through Process.KillPid) to each pid:
// "kill [-s SIGNAL | -SIGNAL] PID...", SIGNAL a name ("TERM",
// "SIGTERM") or number, TERM by default; "kill -l" lists the names,
// "kill -l N" names one, "kill -l NAME" numbers it. As coreutils' kill:
// "kill: 99: No such process", "kill: 1: Operation not permitted",
// "kill: 'FOO': invalid signal"; status 1 if any pid failed.
func Kill(p *vfs.Process, argv, _ []string) int {
	args := tail(argv)
	sig := vfs.SIGTERM
	if len(args) > 0 && (args[0] == "-l" || args[0] == "-L" || args[0] == "--list") {
		return killList(p, args[1:])
	}
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && args[0] != "--" {
		spec := args[0][1:]
		args = args[1:]
		if spec == "s" || spec == "n" || spec == "-signal" {
			if len(args) == 0 {
				errorf(p, "kill", "option requires an argument -- 's'")
				usage(p, "kill")
				return 1
			}
			spec, args = args[0], args[1:]
		}
		var ok bool
		if sig, ok = parseSignal(spec); !ok {
			errorf(p, "kill", "%s: invalid signal", quote(spec))
			usage(p, "kill")
			return 1
		}
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		errorf(p, "kill", "no process ID specified")
		usage(p, "kill")
		return 1
	}
	status := 0
	for _, a := range args {
		pid, err := strconv.Atoi(a)
		if err != nil {
			errorf(p, "kill", "%s: invalid process id", quote(a))
			status = 1
			continue
		}
		if err := p.KillPid(pid, sig); err != nil {
			errorf(p, "kill", "%s: %s", a, strerror(err))
			status = 1
		}
	}
	return status
}

// killList is kill -l: every name, one a line, or a number's name, or
// a name's number.
func killList(p *vfs.Process, args []string) int {
	if len(args) == 0 {
		for _, n := range signalNames[1:] {
			printf(p, "%s\n", n)
		}
		return 0
	}
	status := 0
	for _, a := range args {
		sig, ok := parseSignal(a)
		switch {
		case !ok || sig == 0 || sig >= len(signalNames):
			errorf(p, "kill", "%s: invalid signal", quote(a))
			status = 1
		case a[0] >= '0' && a[0] <= '9':
			printf(p, "%s\n", signalNames[sig])
		default:
			printf(p, "%d\n", sig)
		}
	}
	return status
}
