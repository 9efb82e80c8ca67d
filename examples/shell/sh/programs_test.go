package sh_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWithPrograms: sessions that use the programs of package bin the
// way a learner would.
func TestWithPrograms(t *testing.T) {
	t.Run("pipeline_into_wc", func(t *testing.T) {
		stdout, stderr, status := session(t, 0, "echo hi | cat | wc -c\n")
		require.Equal(t, "3\n", stdout)
		require.Empty(t, stderr)
		require.Equal(t, 0, status)
	})
	t.Run("mount_a_small_tmpfs_and_fill_it", func(t *testing.T) {
		stdout, stderr, status := session(t, 0, "mkdir /mnt\nmount -t tmpfs -o size=64k none /mnt\n"+
			"cat /dev/zero > /mnt/big\necho $?\nwc -c < /mnt/big\necho more >> /mnt/big || echo full\numount /mnt && echo unmounted\n")
		require.Equal(t, "1\n65536\nfull\nunmounted\n", stdout)
		require.Equal(t, "cat: write error: No space left on device\necho: write error: No space left on device\n", stderr)
		require.Equal(t, 0, status)
	})
	t.Run("kill_a_background_job", func(t *testing.T) {
		stdout, stderr, status := session(t, 0, "sleep 100 &\n[ -d /proc/$! ] && echo alive\nkill $!\nwait $!\necho $?\n")
		require.Equal(t, "alive\n143\n", stdout, "128 + SIGTERM")
		require.Empty(t, stderr)
		require.Equal(t, 0, status)
	})
	t.Run("su_runs_sh_as_another_user", func(t *testing.T) {
		stdout, stderr, status := session(t, 0, "su nobody -c 'id -u; echo x > /etc/x'\necho $?\n")
		require.Equal(t, "65534\n2\n", stdout, "a failed redirection is status 2")
		require.Equal(t, "sh: 1: cannot create /etc/x: Permission denied\n", stderr)
		require.Equal(t, 0, status)
	})
	t.Run("ls_in_a_pipeline_shows_the_pipe", func(t *testing.T) {
		for _, uid := range []int{0, 65534} {
			stdout, _, _ := session(t, uid, "ls -l /proc/self/fd | grep ' 1 -> '\n")
			require.Regexp(t, regexp.MustCompile(`^l-wx------ 1 \S+ \S+ 64 .* 1 -> pipe:\[\d+\]\n$`), stdout)
		}
	})
	t.Run("an_endless_writer_ends_when_its_reader_goes", func(t *testing.T) {
		// echo's write gets EPIPE once head has exited: SIGPIPE ends echo
		// (141), and with it the loop of the subshell.
		stdout, stderr, status := session(t, 0, "yes() { while echo y; do :; done; }\nyes | head -2\n")
		require.Equal(t, "y\ny\n", stdout)
		require.Empty(t, stderr)
		require.Equal(t, 0, status)
	})
	t.Run("tee_and_grep", func(t *testing.T) {
		stdout, _, status := session(t, 0, "grep -c root /etc/passwd | tee /tmp/n\ncat /tmp/n\n")
		require.Equal(t, "1\n1\n", stdout)
		require.Equal(t, 0, status)
	})
}
