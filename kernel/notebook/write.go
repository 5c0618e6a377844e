package notebook

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// writeFileAtomic replaces path with data: it writes a temporary file beside path,
// syncs it and renames it over path, so a full disk or a crash leaves either the old
// file or the new one, never a truncated mix. An existing file keeps its mode.
func writeFileAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w (the file, if it existed, is unchanged)", path, err)
	}
	return nil
}

// checkWritable fails, before anything runs, if path could not be written later: its
// directory must take a new file, and an existing path must not be a directory.
func checkWritable(path, flag string) error {
	if path == "" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s %s is a directory; give a file name", flag, path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.check")
	if err != nil {
		return fmt.Errorf("%s %s cannot be written: %w; choose another path (nothing was run)", flag, path, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// extra holds the keys of a JSON object petri does not know, so that they are written
// back as they were read.
type extra map[string]json.RawMessage

// unknownKeys returns the keys of the object b that are not in known.
func unknownKeys(b []byte, known ...string) (extra, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for _, k := range known {
		delete(all, k)
	}
	if len(all) == 0 {
		return nil, nil
	}
	return extra(all), nil
}

// merge adds the unknown keys to m (known keys win).
func (e extra) merge(m map[string]any) {
	for k, v := range e {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
}

var (
	notebookKeys = []string{"cells", "metadata", "nbformat", "nbformat_minor"}
	cellKeys     = []string{"cell_type", "id", "metadata", "source", "execution_count", "outputs", "attachments"}
)

// UnmarshalJSON reads a cell, keeping keys petri does not know.
func (c *Cell) UnmarshalJSON(b []byte) error {
	type plain Cell
	if err := json.Unmarshal(b, (*plain)(c)); err != nil {
		return err
	}
	var err error
	c.extra, err = unknownKeys(b, cellKeys...)
	return err
}

// UnmarshalJSON reads a notebook, keeping keys petri does not know.
func (nb *Notebook) UnmarshalJSON(b []byte) error {
	type plain Notebook
	if err := json.Unmarshal(b, (*plain)(nb)); err != nil {
		return err
	}
	var err error
	nb.extra, err = unknownKeys(b, notebookKeys...)
	return err
}

// MarshalJSON writes a notebook with the keys it was read with.
func (nb *Notebook) MarshalJSON() ([]byte, error) {
	m := map[string]any{"cells": nb.Cells, "metadata": nb.Metadata, "nbformat": nb.NBFormat, "nbformat_minor": nb.NBFormatMinor}
	if nb.Cells == nil {
		m["cells"] = []*Cell{}
	}
	nb.extra.merge(m)
	return json.Marshal(m)
}
