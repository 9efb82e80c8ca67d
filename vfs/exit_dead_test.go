package vfs_test

import (
	"errors"
	"io/fs"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// afterExit lists the methods of *Process that do not fail with ESRCH
// once the process has exited, and why. Every other method must.
var afterExit = map[string]string{
	// What a zombie still is, as /proc/PID/status shows it.
	"Kernel": "identity", "Pid": "identity", "Getppid": "identity",
	"Cred": "identity", "Getuid": "identity", "Geteuid": "identity",
	"Getgid": "identity", "Getegid": "identity", "Getgroups": "identity",
	"FDTable": "identity (empty)", "Signals": "identity",
	// No error result to fail with.
	"Umask": "no error result", "Sync": "no error result",
	"PathOf": "no error result", "FS": "its methods fail with ESRCH",
	"DPath": "no error result", "Root": "no error result (the zero Path)",
	"Cwd":          "no error result (the zero Path)",
	"Exe":          "no error result (the zero Path: exit dropped the executable)",
	"Cmdline":      "no error result (nil, as a zombie's /proc/PID/cmdline is empty)",
	"Environ":      "no error result (nil, as a zombie's /proc/PID/environ is empty)",
	"CurrentUmask": "what a zombie's /proc/PID/status shows",
	"Zombie":       "identity: state Z in /proc/PID/stat",
	"Exited":       "identity",
	"Reaped":       "identity: whether /proc/PID is gone",
	"Exit":         "a second Exit does nothing",
	"Mappings":     "no error result (0: exit dropped them)",
	"Kill":         "kill(2) of a zombie succeeds; ESRCH once it is reaped",
}

// deadArgs makes arguments for a call: zero values, except where a zero
// would be refused before the process is even looked at (a nil buffer
// for pipe(2), two equal fds for dup3(2)), so that each call gets as far
// as it would for a live process.
func deadArgs(t *testing.T, m reflect.Method, file *vfs.File) []reflect.Value {
	ft := m.Type
	args := make([]reflect.Value, 0, ft.NumIn()-1)
	for i := 1; i < ft.NumIn(); i++ {
		at := ft.In(i)
		var v reflect.Value
		switch {
		case at == reflect.TypeFor[*vfs.File]():
			v = reflect.ValueOf(file)
		case at.Kind() == reflect.String:
			v = reflect.ValueOf("f").Convert(at)
		case at.Kind() == reflect.Slice:
			v = reflect.MakeSlice(at, 2, 2)
		case at.Kind() == reflect.Pointer:
			v = reflect.New(at.Elem())
		case at.Kind() == reflect.Func:
			v = reflect.MakeFunc(at, func([]reflect.Value) []reflect.Value {
				out := make([]reflect.Value, at.NumOut())
				for j := range out {
					out[j] = reflect.Zero(at.Out(j))
				}
				return out
			})
		default:
			v = reflect.Zero(at)
		}
		args = append(args, v)
	}
	if m.Name == "Dup2" || m.Name == "Dup3" {
		args[1] = reflect.ValueOf(1)
	}
	if m.Name == "EpollCreate" {
		args[0] = reflect.ValueOf(1) // a size of 0 is EINVAL before anything
	}
	if m.Name == "Mmap" {
		args[2] = reflect.ValueOf(1) // a length of 0 is EINVAL before anything
	}
	return args
}

// TestExitedProcessSyscalls calls every method of an exited process:
// each fails with ESRCH (or is listed in afterExit) and leaves no fd
// and no mount reference behind.
func TestExitedProcessSyscalls(t *testing.T) {
	k, init := newSystem(t)
	mountTmpfs(t, init, "/mnt", 0, "")
	writeFile(t, init, "/mnt/f", "data", 0o644)
	c := fork(t, init)
	require.NoError(t, c.Chdir("/mnt"))
	fd, err := c.Open("f", vfs.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, c.Pipe(make([]int, 2)))
	c.Exit(0)
	procs := k.Processes()

	errType := reflect.TypeFor[error]()
	pt := reflect.TypeOf(c)
	for i := range pt.NumMethod() {
		m := pt.Method(i)
		t.Run(m.Name, func(t *testing.T) {
			nout := m.Type.NumOut()
			hasErr := nout > 0 && m.Type.Out(nout-1) == errType
			if why, ok := afterExit[m.Name]; ok {
				require.NotEmpty(t, why)
				return
			}
			require.True(t, hasErr, "%s has no error result: decide what it does after exit and list it in afterExit", m.Name)
			// InstallFD takes over a reference: one on a File of /mnt,
			// which the unmount below proves was dropped.
			ifd, err := init.Open("/mnt/f", vfs.O_RDONLY, 0)
			require.NoError(t, err)
			file := vfs.FileForTest(init, ifd)
			require.NoError(t, init.Close(ifd))
			if m.Name != "InstallFD" {
				defer file.DecRef()
			}
			var out []reflect.Value
			within(t, 5*time.Second, m.Name, func() {
				out = reflect.ValueOf(c).Method(i).Call(deadArgs(t, m, file))
			})
			err, _ = out[nout-1].Interface().(error)
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			requireErrno(t, err, vfs.ESRCH, "%s after exit", m.Name)
		})
	}
	for name := range afterExit {
		_, ok := pt.MethodByName(name)
		require.True(t, ok, "afterExit lists %s, which *Process does not have", name)
	}

	var st vfs.Stat_t
	requireErrno(t, c.Fstat(fd, &st), vfs.ESRCH)
	_, err = c.FS().Open("f")
	require.ErrorIs(t, err, vfs.ESRCH, "the fs.FS of an exited process")
	require.Zero(t, c.FDTable().Count(), "fds left open after exit")
	require.Equal(t, procs, k.Processes(), "no process made or reaped")
	reap(t, init, c.Pid())
	require.NoError(t, init.Unmount("/mnt", 0), "a reference on the mount was left behind")
}

// TestExitRacesSyscalls exits a process while other goroutines of it
// open, fork, make pipes and change directory: whatever got in before
// the exit is undone by it, and nothing gets in after it.
func TestExitRacesSyscalls(t *testing.T) {
	k, init := newSystem(t)
	require.NoError(t, init.Mkdir("/mnt", 0o755))
	for range 100 {
		require.NoError(t, init.Mount("none", "/mnt", "tmpfs", 0, ""))
		c := fork(t, init)
		require.NoError(t, c.Chdir("/mnt"))

		var (
			wg    sync.WaitGroup
			ops   atomic.Int32
			mu    sync.Mutex
			kids  []*vfs.Process
			calls = []func() error{
				func() error { _, err := c.Open("f", vfs.O_RDONLY|vfs.O_CREAT, 0o644); return err },
				func() error {
					kid, err := c.Fork()
					if err == nil {
						mu.Lock()
						kids = append(kids, kid)
						mu.Unlock()
					}
					return err
				},
				func() error { return c.Pipe(make([]int, 2)) },
				func() error { return c.Chdir("/mnt") },
			}
		)
		for _, call := range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 200 {
					err := call()
					ops.Add(1)
					if err == vfs.ESRCH {
						return
					}
					if err != nil {
						t.Errorf("call before or during exit: %v", err)
						return
					}
				}
			}()
		}
		for ops.Load() < 8 {
			time.Sleep(10 * time.Microsecond)
		}
		c.Exit(0)
		wg.Wait()

		require.Zero(t, c.FDTable().Count(), "an fd was installed after exit")
		for _, kid := range kids {
			require.Equal(t, 1, kid.Getppid())
			kid.Exit(0)
			reap(t, init, kid.Pid())
		}
		reap(t, init, c.Pid())
		require.NoError(t, init.Unmount("/mnt", 0), "a reference on the mount was left behind")
	}
	require.Equal(t, []int{1}, k.Processes())
}
