package vfs

import "sync"

// mmState is a process's mappings (the vma list of its mm_struct),
// keyed by the first byte of each slice, as x/sys/unix keys its own.
// Two shared mappings of the same file page start at the same byte
// here (Linux would give them two addresses), so a key holds a list.
// A file mapping holds a reference on its File (vm_file), so a file
// stays alive while mapped even after every fd on it is closed; exec
// and exit drop every mapping (exec_mmap, exit_mm).
//
// Life of a mapping: Mmap makes it and inserts it; Munmap, exec or
// exit removes it, tells the backend (Unmapper) and drops the File.
// Once exit has emptied the table it is dead, and an Mmap racing the
// exit undoes its own mapping (ESRCH), so an exited process holds none.
type mmState struct {
	mu   sync.Mutex // a leaf: nothing is called with it held
	vmas map[*byte][]*vma
	n    int // mappings in vmas
	dead bool
}

// vma is one mapping (vm_area_struct): its memory and, for a file
// mapping, the File (nil for anonymous memory).
type vma struct {
	b    []byte
	file *File
}

func (m *mmState) insert(v *vma) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.dead {
		return ESRCH
	}
	if m.vmas == nil {
		m.vmas = make(map[*byte][]*vma)
	}
	m.vmas[&v.b[0]] = append(m.vmas[&v.b[0]], v)
	m.n++
	return nil
}

// remove takes out the mapping b is, or returns nil if b is not one
// whole mapping.
func (m *mmState) remove(b []byte) *vma {
	m.mu.Lock()
	defer m.mu.Unlock()
	vs := m.vmas[&b[0]]
	for i, v := range vs {
		if len(v.b) == len(b) {
			if len(vs) == 1 {
				delete(m.vmas, &b[0])
			} else {
				m.vmas[&b[0]] = append(vs[:i:i], vs[i+1:]...)
			}
			m.n--
			return v
		}
	}
	return nil
}

// count returns how many mappings the process has.
func (m *mmState) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

// drop removes every mapping (exit_mmap); with dead, for good.
func (m *mmState) drop(dead bool) {
	m.mu.Lock()
	vmas := m.vmas
	m.vmas, m.n = nil, 0
	m.dead = m.dead || dead
	m.mu.Unlock()
	for _, vs := range vmas {
		for _, v := range vs {
			v.close()
		}
	}
}

// close lets the backend and the File go (remove_vma).
func (v *vma) close() {
	if v.file != nil {
		unmapFile(v.file, v.b)
		v.file.DecRef()
	}
}

// Mappings returns how many mappings the process holds (the lines of
// /proc/PID/maps, one per Mmap): zero after Exit.
func (p *Process) Mappings() int { return p.mm.count() }
