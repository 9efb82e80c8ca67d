package bin

import (
	"strings"

	"github.com/govfs/govfs/vfs"
)

// getopt parses options the way GNU getopt_long does for coreutils:
// short options cluster ("-la"), one that takes an argument (a letter
// followed by ':' in spec) takes the rest of its word or the next word
// ("-m755", "-m 755"), long options map to a short letter
// ("--bind" → 'B', "--mode=755"), options and operands may come in any
// order, and "--" ends the options. A lone "-" is an operand.
type getopt struct {
	prog string
	spec string          // "lad1im:"
	long map[string]byte // "bind": 'B'; a letter in spec says whether it takes an argument
}

// opts is what getopt found: set[c] for each option seen, val[c] for
// the last argument of one that takes it.
type opts struct {
	set map[byte]bool
	val map[byte]string
}

func (o opts) has(c byte) bool { return o.set[c] }

// parse returns the options and the operands, or reports the error on
// fd 2 in getopt's words and returns ok false.
func (g getopt) parse(p *vfs.Process, args []string) (o opts, operands []string, ok bool) {
	o = opts{set: map[byte]bool{}, val: map[byte]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return o, append(operands, args[i+1:]...), true
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			c, known := g.long[name]
			if !known {
				errorf(p, g.prog, "unrecognized option '%s'", a)
				usage(p, g.prog)
				return o, nil, false
			}
			o.set[c] = true
			if g.takesArg(c) {
				if !hasVal {
					if i+1 == len(args) {
						errorf(p, g.prog, "option '--%s' requires an argument", name)
						return o, nil, false
					}
					i++
					val = args[i]
				}
				o.val[c] = val
			} else if hasVal {
				errorf(p, g.prog, "option '--%s' doesn't allow an argument", name)
				return o, nil, false
			}
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				c := a[j]
				if c == ':' || !strings.ContainsRune(g.spec, rune(c)) {
					errorf(p, g.prog, "invalid option -- '%c'", c)
					usage(p, g.prog)
					return o, nil, false
				}
				o.set[c] = true
				if !g.takesArg(c) {
					continue
				}
				if j+1 < len(a) {
					o.val[c] = a[j+1:]
				} else if i+1 < len(args) {
					i++
					o.val[c] = args[i]
				} else {
					errorf(p, g.prog, "option requires an argument -- '%c'", c)
					return o, nil, false
				}
				break
			}
		default:
			operands = append(operands, a)
		}
	}
	return o, operands, true
}

func (g getopt) takesArg(c byte) bool {
	i := strings.IndexByte(g.spec, c)
	return i >= 0 && i+1 < len(g.spec) && g.spec[i+1] == ':'
}

// usage reports a usage error the way coreutils ends one, pointing at
// --help (which these programs do not have).
func usage(p *vfs.Process, prog string) {
	writeAll(p, 2, []byte("Try '"+prog+" --help' for more information.\n"))
}

// missingOperand is coreutils' "mkdir: missing operand".
func missingOperand(p *vfs.Process, prog string) {
	errorf(p, prog, "missing operand")
	usage(p, prog)
}
