package vfs_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
	"github.com/govfs/govfs/vfstest"
)

// A backend whose names are not in the dentry cache until a lookup asks
// for them: the path walk's slow path (lookupSlowLocked, under the
// directory's lock) and getdents through a backend's own Iterate.

// numbersFS is a read-only directory of numbersN files named n000,
// n001, ...; file nK holds "K\n". Names are computed: Lookup parses
// them, Iterate prints them. The inodes are made at mount, so that
// getdents can give the inode number of a name never looked up.
type numbersFS struct{}

const numbersN = 200

func (numbersFS) Name() string { return "numbers" }

func (numbersFS) Mount(k *vfs.Kernel, _ string, _ uintptr, data string) (*vfs.SuperBlock, error) {
	if data != "" {
		return nil, vfs.EINVAL
	}
	sb := vfs.NewSuperBlock(k, numbersFS{}, 0x6e756d, nil)
	root := &numbersDir{}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o555})
	for i := range numbersN {
		f := &numbersFile{data: strconv.Itoa(i) + "\n"}
		f.Init(sb, f, vfs.Attr{Mode: vfs.S_IFREG | 0o444})
		f.Lock()
		f.SetSizeLocked(int64(len(f.data)))
		f.Unlock()
		root.files = append(root.files, &f.Inode)
	}
	sb.SetRoot(&root.Inode)
	return sb, nil
}

type numbersDir struct {
	vfs.Inode
	files []*vfs.Inode // never changes after Mount
}

var (
	_ vfs.Lookuper = (*numbersDir)(nil)
	_ vfs.Opener   = (*numbersDir)(nil)
)

func numbersName(i int) string { return fmt.Sprintf("n%03d", i) }

func (d *numbersDir) Lookup(name string) (*vfs.Inode, error) {
	i, err := strconv.Atoi(strings.TrimPrefix(name, "n"))
	if err != nil || i < 0 || i >= numbersN || name != numbersName(i) {
		return nil, vfs.ENOENT
	}
	return d.files[i], nil
}

func (d *numbersDir) Open(*vfs.File) (vfs.FileOperations, error) { return numbersDirOps{d}, nil }

// numbersDirOps lists the directory: cookie 2+i resumes at file i.
type numbersDirOps struct{ d *numbersDir }

func (numbersDirOps) Read(*vfs.File, []byte, *int64) (int, error)  { return 0, vfs.EISDIR }
func (numbersDirOps) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EISDIR }

func (o numbersDirOps) Iterate(f *vfs.File, ctx *vfs.DirContext) error {
	if !ctx.EmitDots(f) {
		return nil
	}
	for i := int(ctx.Pos) - 2; i < numbersN; i++ {
		if !ctx.Emit(numbersName(i), o.d.files[i].Ino(), vfs.DT_REG, int64(i)+3) {
			return nil
		}
	}
	return nil
}

func (numbersDirOps) Seek(f *vfs.File, off int64, whence int) (int64, error) {
	return vfs.DirSeek(f, off, whence)
}

type numbersFile struct {
	vfs.Inode
	data string
}

func (f *numbersFile) Read(_ *vfs.File, dst []byte, off *int64) (int, error) {
	if *off >= int64(len(f.data)) {
		return 0, nil
	}
	n := copy(dst, f.data[*off:])
	*off += int64(n)
	return n, nil
}

func (f *numbersFile) Write(*vfs.File, []byte, *int64) (int, error) { return 0, vfs.EROFS }

// numbersContent describes numbersFS to the conformance kit.
func numbersContent() []vfstest.Entry {
	es := make([]vfstest.Entry, numbersN)
	for i := range es {
		es[i] = vfstest.Entry{Path: numbersName(i), Mode: vfs.S_IFREG | 0o444, Data: strconv.Itoa(i) + "\n"}
	}
	return es
}

func TestLookuperBackendConformance(t *testing.T) {
	vfstest.TestFileSystem(t, numbersFS{}, "", vfstest.ReadOnly(), vfstest.Content(numbersContent()...))
}

// TestLookuperConcurrentMisses has goroutines look up, stat, open, read
// and list names of a fresh numbersFS at once, so that many walks miss
// the dentry cache in the same directory together and go to Lookup.
// Under -race it fails if the slow path stops serialising them.
func TestLookuperConcurrentMisses(t *testing.T) {
	const workers, rounds = 8, 5
	for range rounds {
		k, root := newSystem(t)
		require.NoError(t, k.RegisterFileSystem(numbersFS{}))
		require.NoError(t, root.Mkdir("/num", 0o755))
		require.NoError(t, root.Mount("numbers", "/num", "numbers", vfs.MS_RDONLY, ""))
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			p, err := root.Fork()
			require.NoError(t, err)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer p.Exit(0)
				errs <- numbersWorker(p, w)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
	}
}

// numbersWorker visits every name once, in an order of its own, with a
// call chosen by the worker and the name, and lists the directory.
func numbersWorker(p *vfs.Process, w int) error {
	for j := range numbersN {
		i := (j*7 + w*31) % numbersN
		name := "/num/" + numbersName(i)
		var st vfs.Stat_t
		switch (i + w) % 4 {
		case 0:
			if err := p.Stat(name, &st); err != nil || st.Size != int64(len(strconv.Itoa(i)))+1 {
				return fmt.Errorf("stat(%s) = %v, size %d", name, err, st.Size)
			}
		case 1:
			fd, err := p.Open(name, vfs.O_RDONLY, 0)
			if err != nil {
				return fmt.Errorf("open(%s) = %v", name, err)
			}
			buf := make([]byte, 16)
			n, err := p.Read(fd, buf)
			p.Close(fd)
			if err != nil || string(buf[:n]) != strconv.Itoa(i)+"\n" {
				return fmt.Errorf("read(%s) = %q, %v", name, buf[:n], err)
			}
		case 2:
			if err := p.Access(name, vfs.R_OK); err != nil {
				return fmt.Errorf("access(%s) = %v", name, err)
			}
		case 3:
			if err := p.Stat(fmt.Sprintf("/num/x%03d", i), &st); err != vfs.ENOENT {
				return fmt.Errorf("stat of a missing name = %v, want ENOENT", err)
			}
		}
		if j%50 == w {
			if err := numbersList(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// numbersList reads the whole directory with a small buffer.
func numbersList(p *vfs.Process) error {
	fd, err := p.Open("/num", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	defer p.Close(fd)
	buf := make([]byte, 256)
	names := 0
	for {
		n, err := p.Getdents(fd, buf)
		if err != nil {
			return fmt.Errorf("getdents(/num) = %v", err)
		}
		if n == 0 {
			break
		}
		names += len(vfstest.ParseDirents(buf[:n]))
	}
	if names != numbersN+2 {
		return fmt.Errorf("getdents(/num) listed %d names, want %d", names, numbersN+2)
	}
	return nil
}
