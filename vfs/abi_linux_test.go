//go:build linux

package vfs

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// The ABI promise: every exported constant of abi_consts.go and
// errno_table.go has the number of its x/sys/unix (or syscall) twin, and
// the twin tables list every one of them, so that a constant added later
// without a twin fails here.

func TestABITwinsEqual(t *testing.T) {
	for _, c := range abiTwins {
		require.Equalf(t, c.want, c.got, "%s = %#x, x/sys/unix has %#x", c.name, c.got, c.want)
	}
	for _, c := range errnoTwins {
		require.Equalf(t, uintptr(c.want), uintptr(c.got), "%s", c.got.Name())
		require.Equalf(t, c.want.Error(), c.got.Error(), "Error() of %s", c.got.Name())
	}
}

// TestErrnoBehavesLikeSyscallErrno compares every errno number with
// syscall.Errno: errors.Is against the fs errors, Timeout, Temporary.
func TestErrnoBehavesLikeSyscallErrno(t *testing.T) {
	targets := []error{fs.ErrNotExist, fs.ErrExist, fs.ErrPermission, errors.ErrUnsupported, fs.ErrClosed, fs.ErrInvalid}
	for n := 1; n <= 133; n++ {
		ours, host := Errno(n), syscall.Errno(n)
		for _, target := range targets {
			require.Equalf(t, errors.Is(host, target), errors.Is(ours, target), "errors.Is(%s, %v)", ours.Name(), target)
		}
		require.Equalf(t, host.Timeout(), ours.Timeout(), "%s.Timeout()", ours.Name())
		require.Equalf(t, host.Temporary(), ours.Temporary(), "%s.Temporary()", ours.Name())
	}
}

// exportedConsts lists the exported constants declared in file, with
// the name of the constant each alias refers to ("" for a literal).
func exportedConsts(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	out := make(map[string]string)
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !name.IsExported() {
					continue
				}
				out[name.Name] = ""
				if i < len(vs.Values) {
					if id, ok := vs.Values[i].(*ast.Ident); ok {
						out[name.Name] = id.Name
					}
				}
			}
		}
	}
	return out
}

// twinTable returns the rows of the composite literal assigned to the
// package-level var named table in file.
func twinTable(t *testing.T, file, table string) []*ast.CompositeLit {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != 1 || vs.Names[0].Name != table || len(vs.Values) != 1 {
				continue
			}
			var rows []*ast.CompositeLit
			for _, e := range vs.Values[0].(*ast.CompositeLit).Elts {
				rows = append(rows, e.(*ast.CompositeLit))
			}
			return rows
		}
	}
	t.Fatalf("no var %s in %s", table, file)
	return nil
}

func identName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

func TestEveryABIConstantHasATwin(t *testing.T) {
	covered := make(map[string]bool)
	for _, row := range twinTable(t, "abi_twins_linux_test.go", "abiTwins") {
		require.Len(t, row.Elts, 3)
		lit, ok := row.Elts[0].(*ast.BasicLit)
		require.True(t, ok, "a row's first field is the name")
		name, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		require.Equal(t, name, identName(row.Elts[1]), "row %s compares another constant", name)
		require.Equal(t, name, identName(row.Elts[2]), "row %s compares with another twin", name)
		covered[name] = true
	}
	for name := range exportedConsts(t, "abi_consts.go") {
		require.Truef(t, covered[name], "%s (abi_consts.go) has no row in abiTwins (abi_twins_linux_test.go)", name)
	}
}

func TestEveryErrnoHasATwin(t *testing.T) {
	covered := make(map[string]bool)
	for _, row := range twinTable(t, "errno_twins_linux_test.go", "errnoTwins") {
		require.Len(t, row.Elts, 2)
		name := identName(row.Elts[0])
		require.NotEmpty(t, name)
		if twin := identName(row.Elts[1]); twin != "" {
			require.Equal(t, name, twin, "row %s compares with another errno", name)
		}
		covered[name] = true
	}
	consts := exportedConsts(t, "errno_table.go")
	for name := range consts {
		require.Truef(t, covered[name], "%s (errno_table.go) has no row in errnoTwins (errno_twins_linux_test.go)", name)
	}
	// Name() gives back the constant's own name, except for aliases. The
	// rows parsed are the rows of errnoTwins, in the same order.
	for i, row := range twinTable(t, "errno_twins_linux_test.go", "errnoTwins") {
		if name := identName(row.Elts[0]); consts[name] == "" {
			require.Equal(t, name, errnoTwins[i].got.Name())
		}
	}
}
