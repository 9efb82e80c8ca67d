//go:build linux

package vfstest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// RandConfig bounds a random differential run.
type RandConfig struct {
	Ops    []RandOp      // the op table; nil means FileRandOps
	Seed   uint64        // the first seed; sequence i uses Seed+i
	Seeds  int           // how many sequences
	Len    int           // calls per sequence
	Budget time.Duration // stop starting sequences after this long (0: none)
	// Long, if above Len, is the length of every tenth sequence (those
	// whose seed is a multiple of 10): some states take thousands of
	// calls to reach, such as a sticky directory holding another user's
	// device, or a timer armed through one of two fds that epoll watches.
	Long int
	// ShrinkBudget bounds the shrinking of one failing sequence.
	ShrinkBudget time.Duration
}

// RandDifferential runs cfg.Seeds random sequences, each in a subtest
// "seed=N", against the host and against newGovfs (see Differential), and
// fails a subtest whose transcripts differ with the shrunk sequence as a
// scenario to paste and the side-by-side diff of its transcripts. It
// returns the number of calls it ran.
func RandDifferential(t *testing.T, newGovfs func(t *testing.T) System, cfg RandConfig) int {
	t.Helper()
	if cfg.Ops == nil {
		cfg.Ops = FileRandOps()
	}
	start := time.Now()
	calls := 0
	for i := range cfg.Seeds {
		if cfg.Budget > 0 && time.Since(start) > cfg.Budget {
			t.Logf("time budget %v spent after %d sequences", cfg.Budget, i)
			break
		}
		seed := cfg.Seed + uint64(i)
		g := NewRandGen(seed)
		g.Climb = 1
		seq := GenCalls(cfg.Ops, g, cfg.seqLen(seed))
		calls += len(seq)
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			CheckRandCalls(t, newGovfs, fmt.Sprintf("seed=%d", seed), seq, cfg.ShrinkBudget)
		})
	}
	return calls
}

// seqLen is the length of the sequence of seed.
func (cfg *RandConfig) seqLen(seed uint64) int {
	if cfg.Long > cfg.Len && seed%10 == 0 {
		return cfg.Long
	}
	return cfg.Len
}

// RandSeeds returns how many sequences of cfg make about ops calls,
// with one in ten Long.
func (cfg *RandConfig) RandSeeds(ops int) int {
	avg := cfg.Len
	if cfg.Long > cfg.Len {
		avg = (9*cfg.Len + cfg.Long) / 10
	}
	return max((ops+avg-1)/max(avg, 1), 1)
}

// CheckRandCalls runs one sequence on both sides and, when they differ,
// shrinks it and fails t with a ready-to-paste reproducer; origin says
// where the sequence came from (a seed, a fuzz input).
func CheckRandCalls(t *testing.T, newGovfs func(t *testing.T) System, origin string, seq []RandCall, shrinkBudget time.Duration) {
	t.Helper()
	host, gov := recordRand(t, newGovfs, seq)
	if host.Equal(gov) {
		return
	}
	sig := diffSignature(host, gov)
	fails := func(c []RandCall) bool {
		ok := false
		t.Run("shrink", func(t *testing.T) {
			h, g := recordRand(t, newGovfs, c)
			ok = !h.Equal(g) && diffSignature(h, g) == sig
		})
		return ok
	}
	if shrinkBudget == 0 {
		shrinkBudget = time.Minute
	}
	small := ShrinkRand(seq, fails, shrinkBudget)
	host, gov = recordRand(t, newGovfs, small)
	t.Fatalf("govfs differs from Linux in a random sequence (%s, %d calls, shrunk to %d; first difference in %s):\n\n%s\n%s",
		origin, len(seq), len(small), sig, RandReproducer(origin, small), SideBySide("host", host, "govfs", gov))
}

func recordRand(t *testing.T, newGovfs func(t *testing.T) System, seq []RandCall) (host, gov Transcript) {
	sc := RandScenario("rand", seq)
	return Record(t, NewHost(t), sc), Record(t, newGovfs(t), sc)
}

// diffSignature names the call of the first line where two transcripts
// differ, the thing a shrunk sequence must still get wrong.
func diffSignature(a, b Transcript) string {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			l := ""
			if i < len(a) {
				l = a[i]
			} else {
				l = b[i]
			}
			name, _, _ := strings.Cut(strings.TrimPrefix(l, "# "), "(")
			return name
		}
	}
	return ""
}

// randPrelude is where every sequence starts: in a directory one level
// below the sandbox, so that ".." has somewhere to go (see rand_gen).
const randPrelude = "s.Mkdir(\"w\", 0o755)\n\ts.Chdir(\"w\")"

// RandScenario makes a scenario of a sequence: the prelude, the calls,
// then a listing of the whole sandbox, so that a difference in the state
// the calls left shows even when no call reported it.
func RandScenario(name string, seq []RandCall) Scenario {
	return Scenario{Name: name, Run: func(s *Session) {
		s.Mkdir("w", 0o755)
		s.Chdir("w")
		for _, c := range seq {
			c.Op.Run(s, c.Args)
		}
		s.Log("the sandbox after the calls")
		listTree(s, "..", 0)
	}}
}

// listTree lstats every entry under dir, to a small depth.
func listTree(s *Session, dir string, depth int) {
	fd := s.Open(dir, unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if fd < 0 {
		return
	}
	ents := s.ReadDir(fd, 4096)
	s.Close(fd)
	slices.SortFunc(ents, func(a, b Dirent) int { return strings.Compare(a.Name, b.Name) })
	for _, e := range ents {
		if e.Name == "." || e.Name == ".." {
			continue
		}
		st := s.Lstat(dir + "/" + e.Name)
		if st.Mode&unix.S_IFMT == unix.S_IFDIR && depth < 3 {
			listTree(s, dir+"/"+e.Name, depth+1)
		}
	}
}

// RandReproducer prints a sequence as a differential case to paste into
// a diff_cases_*_linux_test.go file.
func RandReproducer(origin string, seq []RandCall) string {
	var b strings.Builder
	name := "rand_" + strings.NewReplacer("=", "_", " ", "_").Replace(origin)
	fmt.Fprintf(&b, "// Found by the random differential test (%s).\n", origin)
	fmt.Fprintf(&b, "sc(%q, func(s *vfstest.Session) {\n\t%s\n", name, randPrelude)
	for _, c := range seq {
		fmt.Fprintf(&b, "\t%s\n", c.Go())
	}
	b.WriteString("}),\n")
	return b.String()
}
