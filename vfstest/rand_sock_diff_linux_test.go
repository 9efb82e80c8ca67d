//go:build linux

package vfstest_test

import (
	"flag"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfstest"
)

// The random differential test with sockets: FileRandOps and SockRandOps
// in one table, so socket fds meet read, write, lseek, fcntl, dup and
// close as well as the socket calls.
//
//	go test ./vfstest -run TestRandomDifferentialSockets -rand.sockets
//
// runs it even while knownSockRandDiffs is not empty.
var randSockets = flag.Bool("rand.sockets", false, "run TestRandomDifferentialSockets despite knownSockRandDiffs")

// knownSockRandDiffs are the differences the random sequences with
// sockets find in govfs, one per root cause, each with a shrunk
// reproducer's gist. Random sequences meet them again and again, so
// while one is listed TestRandomDifferentialSockets skips (a list of
// cases to skip cannot fence a random test). The lead routes and empties
// it; the test runs once it is empty.
var knownSockRandDiffs = map[string]string{
	"read of 0 bytes": "read(sock, 0) is 0 at once on Linux (sock_read_iter's zero-count shortcut); govfs asks the " +
		"socket: EAGAIN on an empty one, EINVAL on an unconnected stream (seeds 10, 88)",
	"write of 0 bytes": "write(sock, \"\") goes to the socket on Linux: ENOTCONN unconnected, EPIPE after shutdown, an " +
		"empty datagram on dgram/seqpacket; govfs's File.write returns 0 before the socket sees it (seeds 3, 22, 74)",
	"recv of 0 bytes": "recvfrom/recvmsg into a 0-byte buffer on an empty stream socket with MSG_DONTWAIT is EAGAIN " +
		"on Linux, 0 in govfs (seeds 6, 23)",
	"lseek bad whence": "lseek(sock, 0, 5) is EINVAL on Linux (ksys_lseek checks whence > SEEK_MAX first), ESPIPE " +
		"in govfs (seed 8)",
	"accept4 flag order": "accept4(bad fd, SOCK_NONBLOCK|O_RDWR) is EBADF on Linux (the fd is looked up before the " +
		"flags are checked), EINVAL in govfs (seed 1)",
	"bind mode": "bind makes the node with the socket inode's mode less the umask (fchmod(sock, 07777) then bind: " +
		"sock 07755); govfs makes 0755 (seed 26)",
	"dgram SHUT_RD": "recv on an empty dgram socket after SHUT_RD is EAGAIN (MSG_DONTWAIT) on Linux, 0 in govfs " +
		"(seeds 7, 13)",
	"seqpacket state before SCM_RIGHTS": "sendmsg on an unconnected seqpacket socket with SCM_RIGHTS of a bad fd is " +
		"ENOTCONN on Linux (unix_seqpacket_sendmsg checks the state before scm_send), EBADF in govfs (seed 47)",
	"dgram SHUT_WR before ENOTCONN": "sendmsg on an unconnected dgram socket after SHUT_WR is EPIPE on Linux, " +
		"ENOTCONN in govfs (seed 24)",
	"seqpacket MSG_OOB": "recvfrom(unconnected seqpacket, MSG_OOB) is ENOTCONN on Linux, EOPNOTSUPP in govfs (seed 76)",
	"sender address at receive time": "a datagram's source address is the sender's name when it is received " +
		"(unix_copy_addr(skb->sk)): send, then bind the sender, then recvfrom shows the new name on Linux, none in " +
		"govfs (seed 86)",
}

func TestRandomDifferentialSockets(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skipf("the host side needs /proc/self/fd: %v", err)
	}
	if !govfsHasFamily(t, unix.AF_UNIX) {
		t.Skip("govfs has no AF_UNIX family registered yet (sockfs)")
	}
	if len(knownSockRandDiffs) > 0 && !*randSockets {
		keys := make([]string, 0, len(knownSockRandDiffs))
		for k := range knownSockRandDiffs {
			keys = append(keys, k+": "+knownSockRandDiffs[k])
		}
		sort.Strings(keys)
		t.Skipf("knownSockRandDiffs has %d differences (run with -rand.sockets anyway):\n%s",
			len(keys), strings.Join(keys, "\n"))
	}
	seqLen := max(*randLen, 1)
	start := time.Now()
	defer func(old time.Duration) { vfstest.ScenarioTimeout = old }(vfstest.ScenarioTimeout)
	vfstest.ScenarioTimeout = 2 * time.Second
	n := vfstest.RandDifferential(t, newRandGovfs, vfstest.RandConfig{
		Ops: randOpsTable(t, true), Seed: *randSeed, Seeds: (*randOps + seqLen - 1) / seqLen, Len: seqLen,
		Budget: *randBudget, ShrinkBudget: *randShrink,
	})
	t.Logf("%d random calls with sockets in %v (seeds from %d, %d calls each)", n,
		time.Since(start).Round(time.Millisecond), *randSeed, seqLen)
}
