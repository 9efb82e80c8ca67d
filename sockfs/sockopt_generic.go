package sockfs

import "github.com/govfs/govfs/vfs"

// genericOpts are the SOL_SOCKET options that sk_setsockopt keeps for
// every family alike and that change nothing here: flags that read back
// as 0 or 1, and SO_PRIORITY. Guarded by the owning socket's lock.
type genericOpts struct {
	flags    uint64 // bit opt: SO_DEBUG, SO_DONTROUTE, SO_BROADCAST, SO_OOBINLINE, SO_NO_CHECK, SO_REUSEPORT
	priority int
}

// Option numbers beyond the constants vfs has.
const (
	soNoCheck   = 11
	soBsdcompat = 14
	soSndlowat  = 19
)

// isFlag reports whether opt is one of the kept flags.
func isFlag(opt int) bool {
	switch opt {
	case vfs.SO_DEBUG, vfs.SO_DONTROUTE, vfs.SO_BROADCAST, vfs.SO_OOBINLINE, soNoCheck, vfs.SO_REUSEPORT:
		return true
	}
	return false
}

// get answers opt if it is one of these, as sk_getsockopt does; SO_RCVLOWAT
// and SO_SNDLOWAT read 1, which no socket here changes.
func (g *genericOpts) get(opt int) (int, bool) {
	switch {
	case isFlag(opt):
		return b2i(g.flags&(1<<opt) != 0), true
	case opt == vfs.SO_PRIORITY:
		return g.priority, true
	case opt == soBsdcompat:
		return 0, true
	case opt == vfs.SO_RCVLOWAT, opt == soSndlowat:
		return 1, true
	}
	return 0, false
}

// set sets opt to v if it is one of these (sk_setsockopt): SO_DEBUG on
// and a SO_PRIORITY outside 0..6 take privilege (CAP_NET_ADMIN), which
// here is root's; SO_BSDCOMPAT is accepted and ignored.
func (g *genericOpts) set(p *vfs.Process, opt, v int) (bool, error) {
	root := p != nil && p.Cred().Euid == 0
	switch {
	case opt == vfs.SO_DEBUG && v != 0 && !root:
		return true, vfs.EACCES
	case isFlag(opt) && v != 0:
		g.flags |= 1 << opt
	case isFlag(opt):
		g.flags &^= 1 << opt
	case opt == vfs.SO_PRIORITY:
		if (v < 0 || v > 6) && !root {
			return true, vfs.EPERM
		}
		g.priority = v
	case opt == soBsdcompat:
	default:
		return false, nil
	}
	return true, nil
}
