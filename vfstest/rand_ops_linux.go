//go:build linux

package vfstest

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Random call sequences for the differential harness. A sequence is a
// list of RandCalls: an entry of an op table and its arguments, kept as
// data so that a failing sequence can be shrunk (calls dropped, arguments
// simplified) and printed as Go source, a scenario ready to paste.
//
// The table is open: FileRandOps has the file, directory, link and fd
// calls; a backend that adds sockets, devices or /proc appends its own
// RandOps and passes the longer table to RandDifferential.

// RandOp is one kind of call in a random sequence.
type RandOp struct {
	// Name is the Session method the call is printed as: s.Name(args).
	Name string
	// Weight is how often the op is drawn, relative to the others.
	Weight int
	// Gen draws the arguments.
	Gen func(g *RandGen) []RandArg
	// Run makes the call on a Session, with the arguments Gen drew.
	Run func(s *Session, a []RandArg)
}

// ArgKind says how an argument is printed and simplified.
type ArgKind int

const (
	ArgInt   ArgKind = iota // a number, printed in decimal
	ArgMode                 // a mode, printed in octal
	ArgFlags                // bits, printed with the names of its table
	ArgEnum                 // one value of its table, printed by name
	ArgFD                   // N >= 0 is s.FD(N); N < 0 is the raw value
	ArgPath                 // a path or a symlink body
	ArgData                 // bytes to write
)

// RandArg is one argument of a call.
type RandArg struct {
	Kind  ArgKind
	N     int64
	S     string
	names []flagName // for ArgFlags: how to print N in Go
}

// Int is the argument as an int; FD maps it through s.FD.
func (a RandArg) Int() int { return int(a.N) }

// FD is the fd number the argument names in session s.
func (a RandArg) FD(s *Session) int {
	if a.N >= 0 {
		return s.FD(int(a.N))
	}
	return int(a.N)
}

// Go renders the argument as a Go expression.
func (a RandArg) Go() string {
	switch a.Kind {
	case ArgMode:
		if t := a.N &^ 0o7777; t != 0 {
			return goEnum(t, randTypeNames) + fmt.Sprintf("|0o%o", a.N&0o7777)
		}
		return fmt.Sprintf("0o%o", a.N)
	case ArgFlags:
		return goFlags(a.N, a.names)
	case ArgEnum:
		return goEnum(a.N, a.names)
	case ArgFD:
		switch {
		case a.N >= 0:
			return fmt.Sprintf("s.FD(%d)", a.N)
		case a.N == -100:
			return "unix.AT_FDCWD"
		}
		return strconv.FormatInt(a.N, 10)
	case ArgPath, ArgData:
		return goString(a.S)
	}
	switch a.N {
	case 1<<63 - 1:
		return "math.MaxInt64"
	case -1 << 63:
		return "math.MinInt64"
	}
	return strconv.FormatInt(a.N, 10)
}

// goString quotes s; a long one is spelt with strings.Repeat for its
// repeated parts, split at slashes.
func goString(s string) string {
	if len(s) <= 64 {
		return strconv.Quote(s)
	}
	for u := 1; u <= 8; u++ {
		if len(s)%u == 0 && strings.Repeat(s[:u], len(s)/u) == s {
			return fmt.Sprintf("strings.Repeat(%q, %d)", s[:u], len(s)/u)
		}
	}
	if strings.HasSuffix(s, "/") {
		return goString(s[:len(s)-1]) + ` + "/"`
	}
	if i := strings.LastIndexByte(s, '/'); i > 0 {
		return goString(s[:i+1]) + " + " + goString(s[i+1:])
	}
	return strconv.Quote(s)
}

func goEnum(v int64, names []flagName) string {
	for _, n := range names {
		if int64(n.Bits) == v {
			return "unix." + n.Name
		}
	}
	return strconv.FormatInt(v, 10)
}

func goFlags(v int64, names []flagName) string {
	if v == 0 {
		for _, n := range names {
			if n.Bits == 0 {
				return "unix." + n.Name
			}
		}
		return "0"
	}
	var parts []string
	for _, n := range names {
		if n.Bits != 0 && int(v)&n.Bits == n.Bits {
			parts = append(parts, "unix."+n.Name)
			v &^= int64(n.Bits)
		}
	}
	if v != 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%#x", v))
	}
	return strings.Join(parts, "|")
}

// RandCall is one call of a sequence.
type RandCall struct {
	Op   *RandOp
	Args []RandArg
}

// Go renders the call as a statement of a scenario body.
func (c RandCall) Go() string {
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = a.Go()
	}
	return "s." + c.Op.Name + "(" + strings.Join(args, ", ") + ")"
}

// clone copies the call with its own argument slice.
func (c RandCall) clone() RandCall {
	c.Args = append([]RandArg(nil), c.Args...)
	return c
}

// RandGen draws choices from a seeded PRNG or, for fuzzing, from the
// bytes of a fuzz input.
type RandGen struct {
	rng  *rand.Rand
	data []byte // fuzz input, when rng is nil
	// Climb is how many ".." a path may climb above the working
	// directory (see rand_gen_linux.go).
	Climb int
}

// NewRandGen draws from a PCG seeded with seed.
func NewRandGen(seed uint64) *RandGen {
	return &RandGen{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// NewFuzzGen draws from data, one or two bytes a choice; Exhausted
// reports when it has run out.
func NewFuzzGen(data []byte) *RandGen { return &RandGen{data: data} }

// Exhausted reports whether a fuzz input has no bytes left.
func (g *RandGen) Exhausted() bool { return g.rng == nil && len(g.data) == 0 }

// Intn returns a choice in [0, n).
func (g *RandGen) Intn(n int) int {
	if n <= 1 {
		return 0
	}
	if g.rng != nil {
		return g.rng.IntN(n)
	}
	var v int
	switch {
	case len(g.data) == 0:
		return 0
	case n <= 256 || len(g.data) < 2:
		v, g.data = int(g.data[0]), g.data[1:]
	default:
		v, g.data = int(binary.LittleEndian.Uint16(g.data)), g.data[2:]
	}
	return v % n
}

// Chance is true about once in n draws.
func (g *RandGen) Chance(n int) bool { return g.Intn(n) == 0 }

// Pick returns one of the values.
func Pick[T any](g *RandGen, vals ...T) T { return vals[g.Intn(len(vals))] }

// GenCalls draws n calls from ops (fewer if a fuzz input runs out).
func GenCalls(ops []RandOp, g *RandGen, n int) []RandCall {
	total := 0
	for _, op := range ops {
		total += op.Weight
	}
	calls := make([]RandCall, 0, n)
	for range n {
		if g.Exhausted() {
			break
		}
		w := g.Intn(total)
		for i := range ops {
			if w < ops[i].Weight {
				calls = append(calls, RandCall{Op: &ops[i], Args: ops[i].Gen(g)})
				break
			}
			w -= ops[i].Weight
		}
	}
	return calls
}
