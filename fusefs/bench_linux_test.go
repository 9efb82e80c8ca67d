package fusefs_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
	"github.com/stretchr/testify/require"
)

const benchSize = 64 << 20

// BenchmarkRead64MiB reads a 64 MiB file through the govfs mount and,
// in the same run, through go-fuse's loopback filesystem over a host
// tmpfs directory (/dev/shm): the yardstick for the bridge's cost.
//
//	go test ./fusefs -run '^$' -bench Read64MiB -benchtime 20x
func BenchmarkRead64MiB(b *testing.B) {
	data := make([]byte, benchSize)
	for i := range data {
		data[i] = byte(i * 7)
	}
	b.Run("govfs", func(b *testing.B) {
		_, p, dir := mounted(b, nil)
		require.NoError(b, p.WriteFile("/tmp/big", data, 0o644))
		readAll(b, filepath.Join(dir, "tmp/big"))
	})
	for _, passthrough := range []bool{false, true} {
		name := "loopback"
		if passthrough {
			name = "loopback-passthrough"
		}
		b.Run(name, func(b *testing.B) {
			dir := loopback(b, data, passthrough)
			readAll(b, filepath.Join(dir, "big"))
		})
	}
}

// loopback mounts go-fuse's loopback filesystem over a /dev/shm
// directory holding the file "big". Without passthrough every read is
// a FUSE READ served by pread on the host file, as the govfs bridge
// serves it by pread on the govfs file; with it (FUSE_PASSTHROUGH,
// Linux 6.9+) the host kernel reads the backing file itself and no
// READ reaches the server, a path the bridge cannot take: its bytes
// are not in a host file.
func loopback(b *testing.B, data []byte, passthrough bool) string {
	if os.Geteuid() != 0 {
		b.Skip("needs root: the loopback mounts with mount(2) directly")
	}
	shm, err := os.MkdirTemp("/dev/shm", "fusefs-bench")
	if err != nil {
		b.Skip("needs a host tmpfs at /dev/shm: ", err)
	}
	b.Cleanup(func() { os.RemoveAll(shm) })
	require.NoError(b, os.WriteFile(filepath.Join(shm, "big"), data, 0o644))
	var root fs.InodeEmbedder
	if passthrough {
		root, err = fs.NewLoopbackRoot(shm)
		require.NoError(b, err)
	} else {
		var st syscall.Stat_t
		require.NoError(b, syscall.Stat(shm, &st))
		r := &fs.LoopbackRoot{Path: shm, Dev: st.Dev}
		r.NewNode = func(r *fs.LoopbackRoot, _ *fs.Inode, _ string, _ *syscall.Stat_t) fs.InodeEmbedder {
			return &noPassthroughNode{LoopbackNode: fs.LoopbackNode{RootData: r}}
		}
		root = r.NewNode(r, nil, "", &st)
		r.RootNode = root
	}
	dir := b.TempDir()
	second := time.Second
	srv, err := fs.Mount(dir, root, &fs.Options{
		EntryTimeout: &second, AttrTimeout: &second, NegativeTimeout: &second,
		MountOptions: fuse.MountOptions{DirectMount: true, MaxWrite: 1 << 20, MaxReadAhead: 1 << 20},
	})
	require.NoError(b, err)
	b.Cleanup(func() { srv.Unmount() })
	return dir
}

// noPassthroughNode is a loopback node whose open files offer no
// backing fd, so the bridge serves their READs.
type noPassthroughNode struct{ fs.LoopbackNode }

func (n *noPassthroughNode) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	fh, fl, errno := n.LoopbackNode.Open(ctx, flags)
	if errno != 0 {
		return nil, 0, errno
	}
	return noPassthroughFile{fh.(*fs.LoopbackFile)}, fl, 0
}

type noPassthroughFile struct{ *fs.LoopbackFile }

func (noPassthroughFile) PassthroughFd() (int, bool) { return 0, false }

// readAll opens, reads to EOF in 1 MiB calls and closes, b.N times.
func readAll(b *testing.B, name string) {
	buf := make([]byte, 1<<20)
	b.SetBytes(benchSize)
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(name)
		require.NoError(b, err)
		n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{f}, buf)
		require.NoError(b, err)
		require.Equal(b, int64(benchSize), n)
		f.Close()
	}
}
