package vfs_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// Tests of the life of a process: fork, exit, reparenting, wait, and
// what is left of a process after it exits.

// within runs f and fails the test if it has not returned after d.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
	}
}

// stillBlocked fails the test if done is closed within a short while.
func stillBlocked(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
		t.Fatalf("%s returned; it should block", what)
	case <-time.After(20 * time.Millisecond):
	}
}

func fork(t *testing.T, p *vfs.Process) *vfs.Process {
	t.Helper()
	c, err := p.Fork()
	require.NoError(t, err)
	return c
}

// reap waits for pid as p and returns the exit code.
func reap(t *testing.T, p *vfs.Process, pid int) int {
	t.Helper()
	status, err := p.Wait(pid)
	require.NoError(t, err, "wait(%d) by %d", pid, p.Pid())
	return status >> 8 & 0xff
}

// TestExitReparentRace exits a child and its child at once: the
// grandchild's Exit reads its parent while the child's Exit hands it to
// init. Under -race this used to report the race (and once died with
// "sync: unlock of unlocked mutex").
func TestExitReparentRace(t *testing.T) {
	_, init := newSystem(t)
	for range 300 {
		child := fork(t, init)
		grandchild := fork(t, child)
		var wg sync.WaitGroup
		wg.Add(3)
		go func() { defer wg.Done(); child.Exit(1) }()
		go func() { defer wg.Done(); grandchild.Exit(2) }()
		go func() {
			defer wg.Done()
			if ppid := grandchild.Getppid(); ppid != child.Pid() && ppid != 1 {
				t.Errorf("getppid = %d, want %d or 1", ppid, child.Pid())
			}
		}()
		wg.Wait()
		require.Equal(t, 1, grandchild.Getppid())
		within(t, 5*time.Second, "init's wait for the grandchild", func() {
			require.Equal(t, 2, reap(t, init, grandchild.Pid()))
		})
		require.Equal(t, 1, reap(t, init, child.Pid()))
	}
}

// TestWaitWakes: a Wait blocked on a live child returns when something
// other than a child's exit ends the wait.
func TestWaitWakes(t *testing.T) {
	t.Run("exit_of_the_waiter_is_ESRCH", func(t *testing.T) {
		_, init := newSystem(t)
		parent := fork(t, init)
		fork(t, parent) // a live child, so the Wait blocks
		var err error
		done := make(chan struct{})
		go func() { defer close(done); _, err = parent.Wait(-1) }()
		stillBlocked(t, done, "wait with a live child")
		parent.Exit(0)
		within(t, 5*time.Second, "wait after its own process exited", func() { <-done })
		requireErrno(t, err, vfs.ESRCH)
	})
	t.Run("shutdown_is_ESRCH_and_leaks_no_goroutine", func(t *testing.T) {
		k, err := govfs.Boot()
		require.NoError(t, err)
		parent := fork(t, k.Init())
		fork(t, parent)
		var werr error
		done := make(chan struct{})
		go func() { defer close(done); _, werr = parent.Wait(-1) }()
		stillBlocked(t, done, "wait with a live child")
		k.Shutdown()
		within(t, 5*time.Second, "wait after Shutdown", func() { <-done })
		requireErrno(t, werr, vfs.ESRCH)
		require.Empty(t, k.Processes(), "Shutdown reaps every process")
		goleak.VerifyNone(t)
	})
	t.Run("wait_for_a_pid_is_ESRCH_on_exit", func(t *testing.T) {
		_, init := newSystem(t)
		parent := fork(t, init)
		c := fork(t, parent)
		var err error
		done := make(chan struct{})
		go func() { defer close(done); _, err = parent.Wait(c.Pid()) }()
		stillBlocked(t, done, "wait for a live child")
		parent.Exit(0)
		within(t, 5*time.Second, "wait(pid) after its own process exited", func() { <-done })
		requireErrno(t, err, vfs.ESRCH)
	})
	t.Run("kill_is_EINTR", func(t *testing.T) {
		_, init := newSystem(t)
		parent := fork(t, init)
		c := fork(t, parent)
		var err error
		done := make(chan struct{})
		go func() { defer close(done); _, err = parent.Wait(-1) }()
		stillBlocked(t, done, "wait with a live child")
		require.NoError(t, parent.Kill(vfs.SIGUSR1))
		within(t, 5*time.Second, "wait after a signal", func() { <-done })
		requireErrno(t, err, vfs.EINTR)
		c.Exit(4)
		require.Equal(t, 4, reap(t, parent, c.Pid()), "the child is still there to reap")
	})
}

// TestExitWakesBlockedCalls: calls blocked in a process when it exits
// return ESRCH, the errno of every call of an exited process.
func TestExitWakesBlockedCalls(t *testing.T) {
	calls := map[string]func(p *vfs.Process, r int) error{
		"read": func(p *vfs.Process, r int) error { _, err := p.Read(r, make([]byte, 1)); return err },
		"poll": func(p *vfs.Process, r int) error {
			_, err := p.Poll([]vfs.PollFd{{Fd: int32(r), Events: vfs.POLLIN}}, -1)
			return err
		},
		"fifo_open": func(p *vfs.Process, r int) error { _, err := p.Open("/tmp/fifo", vfs.O_RDONLY, 0); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			_, init := newSystem(t)
			require.NoError(t, init.Mkfifo("/tmp/fifo", 0o600))
			c := fork(t, init)
			fds := make([]int, 2)
			require.NoError(t, c.Pipe(fds))
			var err error
			done := make(chan struct{})
			go func() { defer close(done); err = call(c, fds[0]) }()
			stillBlocked(t, done, name)
			c.Exit(0)
			within(t, 5*time.Second, name+" after exit", func() { <-done })
			requireErrno(t, err, vfs.ESRCH)
			require.Zero(t, c.FDTable().Count())
			reap(t, init, c.Pid())
		})
	}
}

// TestProcessLifecycle holds the corners of fork, exit, wait and kill,
// each checked against what Linux does.
func TestProcessLifecycle(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, k *vfs.Kernel, init *vfs.Process)
	}{
		{"fork_after_exit_is_ESRCH", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			c := fork(t, init)
			c.Exit(0)
			before := k.Processes()
			_, err := c.Fork()
			requireErrno(t, err, vfs.ESRCH)
			require.Equal(t, before, k.Processes(), "no process was made")
			reap(t, init, c.Pid())
		}},
		{"fork_during_exit_is_ESRCH_or_a_child_of_init", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			for range 100 {
				c := fork(t, init)
				var kids []*vfs.Process
				done := make(chan struct{})
				go func() {
					defer close(done)
					for {
						kid, err := c.Fork()
						if err != nil {
							if err != vfs.ESRCH {
								t.Errorf("fork during exit: %v, want ESRCH", err)
							}
							return
						}
						kids = append(kids, kid)
					}
				}()
				c.Exit(0)
				<-done
				for _, kid := range kids {
					require.Equal(t, 1, kid.Getppid(), "a child forked during exit goes to init")
					kid.Exit(0)
					reap(t, init, kid.Pid())
				}
				reap(t, init, c.Pid())
			}
			require.Equal(t, []int{1}, k.Processes(), "nothing left unreaped")
		}},
		{"exit_twice_keeps_the_first_status", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			c := fork(t, init)
			c.Exit(3)
			c.Exit(4)
			require.Equal(t, 3, reap(t, init, c.Pid()))
		}},
		{"exit_at_once_returns_when_the_process_is_gone", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			for range 50 {
				c := fork(t, init)
				openN(t, c, "/etc", 100)
				var wg sync.WaitGroup
				for code := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						c.Exit(code)
						if n := c.FDTable().Count(); n != 0 {
							t.Errorf("Exit returned with %d fds open", n)
						}
					}()
				}
				wg.Wait()
				reap(t, init, c.Pid())
			}
		}},
		{"wait_for_a_non_child_is_ECHILD", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			parent := fork(t, init)
			sibling := fork(t, init)
			child := fork(t, parent)
			grandchild := fork(t, child)
			for _, pid := range []int{sibling.Pid(), grandchild.Pid(), parent.Pid(), 1, 99999} {
				_, err := parent.Wait(pid)
				requireErrno(t, err, vfs.ECHILD, "wait(%d)", pid)
			}
			sibling.Exit(0)
			_, err := parent.Wait(sibling.Pid())
			requireErrno(t, err, vfs.ECHILD, "an exited sibling is still not a child")
			for _, p := range []*vfs.Process{grandchild, child, parent} {
				p.Exit(0)
			}
			for _, p := range []*vfs.Process{sibling, grandchild, child, parent} {
				reap(t, init, p.Pid())
			}
		}},
		{"wait_without_children_is_ECHILD_at_once", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			c := fork(t, init)
			_, err := c.Wait(-1)
			requireErrno(t, err, vfs.ECHILD)
			c.Exit(0)
			reap(t, init, c.Pid())
		}},
		{"zombie_reparented_to_init_is_reaped_by_init", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			child := fork(t, init)
			grandchild := fork(t, child)
			grandchild.Exit(9) // a zombie child of child
			child.Exit(0)      // that goes to init
			require.Equal(t, 1, grandchild.Getppid())
			require.Equal(t, 9, reap(t, init, grandchild.Pid()))
			require.Equal(t, 0, reap(t, init, child.Pid()))
		}},
		{"zombie_reparented_to_init_wakes_a_waiting_init", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			parent := fork(t, init) // live: init's Wait(-1) blocks
			child := fork(t, parent)
			grandchild := fork(t, child)
			grandchild.Exit(9)
			var status int
			var err error
			done := make(chan struct{})
			go func() { defer close(done); status, err = init.Wait(-1) }()
			stillBlocked(t, done, "init's wait with a live child")
			child.Exit(0) // a zombie of parent; the grandchild goes to init
			within(t, 5*time.Second, "init's wait for a reparented zombie", func() { <-done })
			require.NoError(t, err)
			require.Equal(t, 9, status>>8)
			require.Equal(t, 0, reap(t, parent, child.Pid()))
			parent.Exit(0)
			reap(t, init, parent.Pid())
		}},
		{"wait_any_reaps_zombies_in_fork_order", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			// Linux scans the children list, where fork appends: the
			// oldest zombie goes first, whatever the order of exits.
			parent := fork(t, init)
			var kids []*vfs.Process
			for range 5 {
				kids = append(kids, fork(t, parent))
			}
			for _, i := range []int{3, 0, 4, 1, 2} {
				kids[i].Exit(i)
			}
			for i := range 5 {
				require.Equal(t, i, reap(t, parent, -1))
			}
			_, err := parent.Wait(-1)
			requireErrno(t, err, vfs.ECHILD)
			parent.Exit(0)
			reap(t, init, parent.Pid())
		}},
		{"reparented_zombies_come_after_inits_own_children", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			// forget_original_parent moves orphans to the tail of the
			// reaper's children, in their old order.
			own := fork(t, init)
			parent := fork(t, init)
			orphans := []*vfs.Process{fork(t, parent), fork(t, parent)}
			orphans[1].Exit(12)
			orphans[0].Exit(11)
			parent.Exit(10)
			own.Exit(1)
			for _, want := range []int{1, 10, 11, 12} {
				require.Equal(t, want, reap(t, init, -1))
			}
		}},
		{"wait_0_is_any_child_and_below_minus_1_is_ECHILD", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			// Without setpgid every child is in its parent's group.
			parent := fork(t, init)
			c := fork(t, parent)
			c.Exit(6)
			_, err := parent.Wait(-parent.Pid())
			requireErrno(t, err, vfs.ECHILD, "no process group has that id")
			require.Equal(t, 6, reap(t, parent, 0))
			_, err = parent.Wait(0)
			requireErrno(t, err, vfs.ECHILD)
			parent.Exit(0)
			reap(t, init, parent.Pid())
		}},
		{"orphans_of_an_exited_init_have_no_parent_and_no_zombie", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			parent := fork(t, init)
			zombie := fork(t, parent)
			live := fork(t, parent)
			zombie.Exit(0)
			init.Exit(0)
			parent.Exit(0)
			require.Equal(t, 0, parent.Getppid(), "init is gone: nobody to reap it")
			require.Equal(t, 0, live.Getppid())
			require.Equal(t, 0, zombie.Getppid())
			require.Equal(t, []int{live.Pid()}, k.Processes(), "released as they ended")
			live.Exit(0)
			require.Empty(t, k.Processes())
			requireErrno(t, live.Kill(vfs.SIGTERM), vfs.ESRCH)
		}},
		{"getppid_follows_the_parent", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			require.Equal(t, 0, init.Getppid())
			child := fork(t, init)
			grandchild := fork(t, child)
			require.Equal(t, 1, child.Getppid())
			require.Equal(t, child.Pid(), grandchild.Getppid())
			child.Exit(0)
			require.Equal(t, 1, grandchild.Getppid())
			grandchild.Exit(0)
			reap(t, init, child.Pid())
			reap(t, init, grandchild.Pid())
		}},
		{"kill_of_a_zombie_succeeds_and_is_dropped", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			c := fork(t, init)
			c.Exit(0)
			require.NoError(t, c.Kill(vfs.SIGTERM), "kill(2) of a zombie is 0")
			require.NoError(t, c.Kill(0))
			require.Empty(t, c.Signals(), "a zombie takes no signal")
			requireErrno(t, c.Kill(-1), vfs.EINVAL)
			reap(t, init, c.Pid())
		}},
		{"kill_of_a_reaped_process_is_ESRCH", func(t *testing.T, k *vfs.Kernel, init *vfs.Process) {
			c := fork(t, init)
			c.Exit(0)
			reap(t, init, c.Pid())
			requireErrno(t, c.Kill(vfs.SIGTERM), vfs.ESRCH)
			requireErrno(t, c.Kill(0), vfs.ESRCH)
			_, ok := k.Process(c.Pid())
			require.False(t, ok)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, init := newSystem(t)
			tt.run(t, k, init)
		})
	}
}
