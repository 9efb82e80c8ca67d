//go:build linux

package vfstest

import (
	"slices"
	"strings"
	"time"
)

// ShrinkRand minimises a failing sequence by delta debugging: it drops
// chunks of calls, halving the chunk size down to single calls, then
// simplifies each argument, and repeats while anything helps. fails
// reports whether a candidate still shows the difference. It gives up
// improving after budget and returns the smallest failing sequence seen.
func ShrinkRand(seq []RandCall, fails func([]RandCall) bool, budget time.Duration) []RandCall {
	deadline := time.Now().Add(budget)
	for progress := true; progress && time.Now().Before(deadline); {
		progress = false
		for chunk := max(len(seq)/2, 1); chunk >= 1 && time.Now().Before(deadline); chunk /= 2 {
			for i := 0; i+chunk <= len(seq) && time.Now().Before(deadline); {
				cand := append(append([]RandCall(nil), seq[:i]...), seq[i+chunk:]...)
				if fails(cand) {
					seq, progress = cand, true
					continue // the same i now names the next chunk
				}
				i += chunk
			}
		}
		for i := range seq {
			for j := range seq[i].Args {
				for _, simpler := range simplerArgs(seq[i].Args[j]) {
					if !time.Now().Before(deadline) {
						return seq
					}
					cand := append([]RandCall(nil), seq...)
					cand[i] = cand[i].clone()
					cand[i].Args[j] = simpler
					if fails(cand) {
						seq, progress = cand, true
						break
					}
				}
			}
		}
	}
	return seq
}

// simplerArgs lists simpler values for an argument, simplest first.
func simplerArgs(a RandArg) []RandArg {
	var out []RandArg
	with := func(n int64, s string) {
		b := a
		b.N, b.S = n, s
		out = append(out, b)
	}
	switch a.Kind {
	case ArgPath:
		for _, p := range []string{strings.TrimSuffix(a.S, "/"), strings.ReplaceAll(a.S, "//", "/"), a.S[strings.LastIndexByte(a.S, '/')+1:]} {
			if p != a.S && p != "" {
				with(0, p)
			}
		}
		if i := strings.IndexByte(a.S, '/'); i > 0 {
			with(0, a.S[:i])
		}
	case ArgData:
		if a.S != "" {
			with(0, "")
		}
		if len(a.S) > 1 {
			with(0, "x")
		}
	case ArgFD:
		if a.N > 0 {
			with(0, "")
			with(a.N-1, "")
		}
	case ArgFlags:
		for bit := int64(1); bit != 0 && bit <= a.N; bit <<= 1 {
			if a.N&bit != 0 {
				with(a.N&^bit, "")
			}
		}
	case ArgInt:
		if a.N != 0 {
			with(0, "")
		}
		if a.N != 1 && a.N != 0 {
			with(1, "")
		}
	case ArgEnum:
		// Only to a value its table names: an fcntl command shrunk to 0,
		// F_DUPFD, would take its argument for an fd.
		for _, v := range []int64{0, 1} {
			if a.N != v && slices.ContainsFunc(a.names, func(n flagName) bool { return int64(n.Bits) == v }) {
				with(v, "")
			}
		}
	case ArgMode:
		if a.N&0o7777 != 0o644 && a.N&0o7777 != 0 {
			with(a.N&^0o7777|0o644, "")
		}
	}
	return out
}
