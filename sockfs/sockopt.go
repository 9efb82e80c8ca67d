package sockfs

import (
	"encoding/binary"
	"time"

	"github.com/govfs/govfs/vfs"
)

// Socket options at SOL_SOCKET (sk_getsockopt, sk_setsockopt), with the
// kernel's byte conventions: an int option is 4 bytes; a get copies at
// most len(val) bytes; a set with fewer than 4 is EINVAL; an option
// nobody knows is ENOPROTOOPT. AF_UNIX has no options at other levels
// (no proto_ops setsockopt): EOPNOTSUPP.

var ne = binary.NativeEndian

// jiffy is one tick of a HZ=250 kernel: SO_RCVTIMEO and SO_SNDTIMEO are
// kept in jiffies, so they read back rounded up to 4 ms, as on the host
// this was measured on.
const jiffy = 4 * time.Millisecond

// noWait is the timeout a negative SO_*TIMEO sets: "do not wait" (0
// jiffies), which reads back as 0 like "for ever" does.
const noWait = time.Nanosecond

// Getsockopt reads an option into val and returns its length.
func (s *unixSock) Getsockopt(_ *vfs.File, _ *vfs.Process, level, opt int, val []byte) (int, error) {
	if level != vfs.SOL_SOCKET {
		return 0, vfs.EOPNOTSUPP
	}
	var v int
	s.mu.Lock()
	switch opt {
	case vfs.SO_TYPE:
		v = s.typ
	case vfs.SO_DOMAIN:
		v = vfs.AF_UNIX
	case vfs.SO_PROTOCOL:
		v = 0
	case vfs.SO_ERROR:
		v, s.err = int(s.err), 0
	case vfs.SO_SNDBUF:
		v = int(s.wmem.size.Load())
	case vfs.SO_RCVBUF:
		v = int(s.rcvbuf)
	case vfs.SO_REUSEADDR:
		v = b2i(s.reuseaddr)
	case vfs.SO_PASSCRED:
		v = b2i(s.passcred)
	case vfs.SO_KEEPALIVE:
		v = b2i(s.keepalive)
	case vfs.SO_ACCEPTCONN:
		v = b2i(s.state == stateListen)
	case vfs.SO_LINGER:
		v = 0 // l_onoff of a struct linger cut to an int
	case vfs.SO_PEERCRED:
		c := vfs.Ucred{Uid: ^uint32(0), Gid: ^uint32(0)} // no peer: pid 0, ids -1
		if s.peerCred != nil {
			c = *s.peerCred
		}
		s.mu.Unlock()
		var b [vfs.SizeofUcred]byte
		ne.PutUint32(b[0:], uint32(c.Pid))
		ne.PutUint32(b[4:], c.Uid)
		ne.PutUint32(b[8:], c.Gid)
		return copy(val, b[:]), nil
	case vfs.SO_RCVTIMEO, vfs.SO_SNDTIMEO:
		d := s.rcvtimeo
		if opt == vfs.SO_SNDTIMEO {
			d = s.sndtimeo
		}
		s.mu.Unlock()
		if d == noWait {
			d = 0
		}
		var b [16]byte
		ne.PutUint64(b[0:], uint64(d/time.Second))
		ne.PutUint64(b[8:], uint64(d%time.Second/time.Microsecond))
		return copy(val, b[:]), nil
	default:
		var ok bool
		if v, ok = s.opts.get(opt); !ok {
			s.mu.Unlock()
			return 0, vfs.ENOPROTOOPT
		}
	}
	s.mu.Unlock()
	var b [4]byte
	ne.PutUint32(b[:], uint32(int32(v)))
	return copy(val, b[:]), nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Setsockopt sets an option from val.
func (s *unixSock) Setsockopt(_ *vfs.File, p *vfs.Process, level, opt int, val []byte) error {
	if level != vfs.SOL_SOCKET {
		return vfs.EOPNOTSUPP
	}
	if len(val) < 4 {
		return vfs.EINVAL
	}
	v := int32(ne.Uint32(val))
	switch opt {
	case vfs.SO_SNDBUF:
		// The request is clamped to wmem_max as an unsigned number, then
		// doubled for the kernel's overhead (sk_setsockopt).
		n := max(min(int64(uint32(v)), s.fs.WmemMax.Load())*2, minSndbuf)
		s.wmem.size.Store(n)
		s.q.Notify(vfs.POLLOUT | pollWrnorm | pollWrband) // sk_write_space
		return nil
	case vfs.SO_RCVBUF:
		n := max(min(int64(uint32(v)), s.fs.RmemMax.Load())*2, minRcvbuf)
		s.mu.Lock()
		s.rcvbuf = n
		s.mu.Unlock()
		return nil
	case vfs.SO_RCVTIMEO, vfs.SO_SNDTIMEO:
		d, err := timeout(val)
		if err != nil {
			return err
		}
		s.mu.Lock()
		if opt == vfs.SO_RCVTIMEO {
			s.rcvtimeo = d
		} else {
			s.sndtimeo = d
		}
		s.mu.Unlock()
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch opt {
	case vfs.SO_REUSEADDR:
		s.reuseaddr = v != 0
	case vfs.SO_PASSCRED:
		s.passcred = v != 0
	case vfs.SO_KEEPALIVE:
		s.keepalive = v != 0
	case vfs.SO_REUSEPORT:
		if v != 0 {
			return vfs.EOPNOTSUPP // sk_reuseport is for inet only
		}
		fallthrough
	default:
		if ok, err := s.opts.set(p, opt, int(v)); ok {
			return err
		}
		return vfs.ENOPROTOOPT
	}
	return nil
}

// timeout is sock_set_timeout for a struct timeval (16 bytes): usec
// out of range is EDOM, a negative time "do not wait", zero "for ever",
// the rest rounded up to whole jiffies.
func timeout(val []byte) (time.Duration, error) {
	if len(val) < 16 {
		return 0, vfs.EINVAL
	}
	sec, usec := int64(ne.Uint64(val)), int64(ne.Uint64(val[8:]))
	if usec < 0 || usec >= 1e6 {
		return 0, vfs.EDOM
	}
	switch {
	case sec < 0:
		return noWait, nil
	case sec == 0 && usec == 0:
		return 0, nil
	case sec > 1<<31:
		return 0, nil // past MAX_SCHEDULE_TIMEOUT: for ever
	}
	us := (usec + int64(jiffy/time.Microsecond) - 1) / int64(jiffy/time.Microsecond)
	return time.Duration(sec)*time.Second + time.Duration(us)*jiffy, nil
}
