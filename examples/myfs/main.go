// Command myfs is a user's first filesystem: "notes", one flat directory
// of in-memory files, written on top of the vfs helpers and proved with
// the vfstest conformance kit (see main_test.go).
//
//	go run ./examples/myfs
//
// The backend is three small types — the filesystem type, the directory
// and the file — and each implements only the operations it supports.
// The VFS does everything else: the path walk, permissions, the fd
// table, lseek, getdents over the dentry cache that holds the names (so
// the directory keeps no table of its own), and every errno. What notes
// lacks (mkdir, symlink, link) is answered with EPERM, as Linux answers
// for a missing inode operation.
package main

import (
	"fmt"
	"log"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// FileSystemType is "notes": every mount is a new, empty directory.
type FileSystemType struct{}

var _ vfs.FileSystemType = FileSystemType{}

func (FileSystemType) Name() string { return "notes" }

// Mount makes an instance: a superblock and its root directory inode.
func (FileSystemType) Mount(k *vfs.Kernel, source string, flags uintptr, data string) (*vfs.SuperBlock, error) {
	if data != "" {
		return nil, vfs.EINVAL // notes takes no options
	}
	sb := vfs.NewSuperBlock(k, FileSystemType{}, 0x6e6f7465, nil) // f_type "note"
	root := &dir{}
	root.Init(sb, root, vfs.Attr{Mode: vfs.S_IFDIR | 0o755})
	sb.SetRoot(&root.Inode)
	return sb, nil
}

// dir is the root directory. It makes, removes and renames notes; the
// libfs-style helpers keep the link counts and times.
type dir struct{ vfs.Inode }

var (
	_ vfs.Creater  = (*dir)(nil)
	_ vfs.Unlinker = (*dir)(nil)
	_ vfs.Renamer  = (*dir)(nil)
)

func (d *dir) Create(_ *vfs.Dentry, a vfs.Attr) (*vfs.Inode, error) {
	n := &note{}
	n.Init(d.SuperBlock(), n, a)
	d.Touch("mc")
	return &n.Inode, nil
}

func (d *dir) Unlink(victim *vfs.Dentry) error {
	vfs.SimpleUnlink(&d.Inode, victim)
	return nil
}

func (d *dir) Rename(old *vfs.Dentry, newDir *vfs.Inode, new *vfs.Dentry, flags uint) error {
	return vfs.SimpleRename(&d.Inode, old, newDir, new, flags)
}

// note is a file: its bytes, guarded by the inode lock with the size.
type note struct {
	vfs.Inode
	data []byte
}

var (
	_ vfs.FileOperations = (*note)(nil)
	_ vfs.Truncater      = (*note)(nil)
)

const maxNote = 16 << 20 // s_maxbytes: bigger is EFBIG

func (n *note) Read(_ *vfs.File, dst []byte, off *int64) (int, error) {
	n.Lock()
	defer n.Unlock()
	if *off >= int64(len(n.data)) {
		return 0, nil
	}
	done := copy(dst, n.data[*off:])
	*off += int64(done)
	return done, nil
}

func (n *note) Write(f *vfs.File, src []byte, off *int64) (int, error) {
	n.Lock()
	defer n.Unlock()
	f.Append(off) // O_APPEND: go to the end under the lock
	end := *off + int64(len(src))
	if end > maxNote {
		return 0, vfs.EFBIG
	}
	if end > int64(len(n.data)) {
		n.resizeLocked(end)
	}
	copy(n.data[*off:], src)
	*off = end
	n.TouchLocked("mc")
	return len(src), nil
}

func (n *note) Truncate(size int64) error {
	if size > maxNote {
		return vfs.EFBIG
	}
	n.Lock()
	defer n.Unlock()
	n.resizeLocked(size)
	n.TouchLocked("mc")
	return nil
}

// resizeLocked cuts the bytes or adds zeros, and sets i_size to match.
func (n *note) resizeLocked(size int64) {
	if size <= int64(len(n.data)) {
		n.data = n.data[:size]
	} else {
		n.data = append(n.data, make([]byte, size-int64(len(n.data)))...)
	}
	n.SetSizeLocked(size)
}

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	p := k.Init()
	fmt.Println("boot: tmpfs is mounted at /; init is pid", p.Pid())
	if err := k.RegisterFileSystem(FileSystemType{}); err != nil {
		return err
	}
	fmt.Println("register_filesystem: the kernel knows", k.FileSystems())
	if err := p.Mkdir("/mnt", 0o755); err != nil {
		return err
	}
	fmt.Println("mkdir /mnt: tmpfs made a directory inode, the dentry cache holds its name")
	if err := p.Mount("notes", "/mnt", "notes", 0, ""); err != nil {
		return err
	}
	fmt.Println("mount -t notes notes /mnt: notes' Mount made a superblock and a root inode; walks now cross /mnt into it")
	fd, err := p.Open("/mnt/hello", vfs.O_CREAT|vfs.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	fmt.Printf("open(\"/mnt/hello\", O_CREAT|O_RDWR) = %d: the walk missed \"hello\", so the VFS called dir.Create and cached the new dentry\n", fd)
	n, err := p.Write(fd, []byte("hello, notes\n"))
	if err != nil {
		return err
	}
	fmt.Printf("write(%d) = %d: fd table -> File (offset 0) -> note.Write stored the bytes, the File's offset moved to %d\n", fd, n, n)
	if _, err := p.Seek(fd, 0, vfs.SEEK_SET); err != nil {
		return err
	}
	buf := make([]byte, 64)
	n, err = p.Read(fd, buf)
	if err != nil {
		return err
	}
	fmt.Printf("read(%d) = %q: lseek was the VFS's own; note.Read copied the bytes back\n", fd, buf[:n])
	var st vfs.Stat_t
	if err := p.Fstat(fd, &st); err != nil {
		return err
	}
	fmt.Printf("fstat(%d): ino %d, mode %o, size %d, nlink %d — kept by the vfs.Inode that note embeds\n",
		fd, st.Ino, st.Mode, st.Size, st.Nlink)
	err = p.Mkdir("/mnt/sub", 0o755)
	fmt.Printf("mkdir(\"/mnt/sub\") = %s: notes has no Mkdirer, so the VFS answers as Linux does\n", vfs.ErrnoOf(err).Name())
	return p.Close(fd)
}
