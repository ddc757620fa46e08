#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make check-ports: the port layout, checked mechanically (docs/ARCHITECTURE.md).

- every kernel of lib/internal/port_api.inc has one scalar reference, in ports/scalar/<area>.cc;
- a port overrides only kernels of port_api.inc, and defines each override in its own
  <area>.cc or <area>-<isa>.cc, the area being the scalar reference's;
- every .cc in a port is an area file or one of the port's listed infrastructure files;
- a port defines no kernel it does not declare as an override (it would be dead code);
- the kernel table in docs/ARCHITECTURE.md is what this script generates (--update rewrites it).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API = 'lib/internal/port_api.inc'
DOC = 'docs/ARCHITECTURE.md'
BEGIN, END = '<!-- check-ports: begin -->', '<!-- check-ports: end -->'
# Files a port may have besides its area files: dispatch and runtime glue.
INFRA = {
    'highway': {'dispatch.cc', 'targets.cc', 'hwy_runtime_x86.cc', 'hwy_runtime_arm.cc'},
}


def read(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as f:
        return f.read()


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def kernels():
    return re.findall(r'^ATTNKIT_PORT_FN\((\w+),', read(API), flags=re.M)


def defined_kernels(path, names):
    """Kernel names defined (with a body) in a port source file."""
    text = strip_comments(read(path))
    found = set()
    for m in re.finditer(r'^void\s+(\w+)\s*\(', text, flags=re.M):
        if m.group(1) in names:
            found.add(m.group(1))
    return found


def overrides(port):
    """Kernels a port declares: ATTNKIT_OVERRIDE(x) and, for Highway, its X-macro list."""
    d = os.path.join('ports', port)
    names = set()
    for f in sorted(os.listdir(os.path.join(ROOT, d))):
        if not f.endswith('.h'):
            continue
        text = strip_comments(read(os.path.join(d, f)))
        names |= set(re.findall(r'ATTNKIT_OVERRIDE\((\w+)\)\s*;', text))
        m = re.search(r'#define\s+ATTNKIT_HIGHWAY_KERNELS\(X\)((?:[^\n]*\\\n)*[^\n]*)', text)
        if m:
            names |= set(re.findall(r'X\((\w+)\)', m.group(1)))
    return names


def tests_for(kernel, area):
    """Tests that name the kernel, and the test of its area's public functions."""
    out = []
    own = '%s_test.cc' % area.replace('_fx', '')
    for f in sorted(os.listdir(os.path.join(ROOT, 'tests'))):
        if f.endswith('_test.cc') and (f == own or re.search(r'\b%s\b' % kernel,
                                                             read('tests/' + f))):
            out.append(f)
    return out


def main():
    errors = []
    names = kernels()
    if not names:
        errors.append('%s: no ATTNKIT_PORT_FN entries' % API)
    ports = sorted(p for p in os.listdir(os.path.join(ROOT, 'ports'))
                   if os.path.isdir(os.path.join(ROOT, 'ports', p)))
    # Scalar reference: each kernel defined exactly once; its file names the area.
    area = {}
    for f in sorted(os.listdir(os.path.join(ROOT, 'ports/scalar'))):
        if f.endswith('.cc'):
            for k in defined_kernels('ports/scalar/' + f, set(names)):
                if k in area:
                    errors.append('ports/scalar: %s defined in %s.cc and %s' % (k, area[k], f))
                area[k] = f[:-3]
    for k in names:
        if k not in area:
            errors.append('ports/scalar: no reference for kernel %s (port_api.inc)' % k)
    areas = set(area.values())

    table = {k: {} for k in names}
    for port in ports:
        if port == 'scalar':
            continue
        d = 'ports/' + port
        ov = overrides(port)
        for k in sorted(ov - set(names)):
            errors.append('%s: overrides %s, which is not a kernel of %s' % (d, k, API))
        defined = {}
        for f in sorted(os.listdir(os.path.join(ROOT, d))):
            if not f.endswith('.cc'):
                continue
            m = re.fullmatch(r'([a-z0-9_]+)(?:-([a-z0-9]+))?\.cc', f)
            if f in INFRA.get(port, set()):
                continue
            if not m or m.group(1) not in areas:
                errors.append('%s/%s: not an area file (<area>[-<isa>].cc, area one of %s)'
                              % (d, f, ', '.join(sorted(areas))))
                continue
            for k in defined_kernels(d + '/' + f, set(names)):
                defined.setdefault(k, []).append(f)
                if area.get(k) != m.group(1):
                    errors.append('%s/%s defines %s, whose area is %s (ports/scalar/%s.cc)'
                                  % (d, f, k, area.get(k), area.get(k)))
                if k not in ov:
                    errors.append('%s/%s defines %s without declaring ATTNKIT_OVERRIDE(%s)'
                                  % (d, f, k, k))
        for k in sorted(ov & set(names)):
            if k not in defined:
                errors.append('%s: declares override %s but no %s.cc defines it'
                              % (d, k, area.get(k)))
            else:
                table[k][port] = defined[k]

    # The generated table.
    others = [p for p in ports if p != 'scalar']
    lines = ['| kernel | scalar reference | ' + ' | '.join(others) + ' | tests |',
             '|---' * (3 + len(others)) + '|']
    for k in names:
        cells = [', '.join('`%s`' % f for f in table[k].get(p, [])) or '—' for p in others]
        tests = ', '.join('`%s`' % t for t in tests_for(k, area.get(k, ''))) or '—'
        lines.append('| `%s` | `ports/scalar/%s.cc` | %s | %s |'
                     % (k, area.get(k, '?'), ' | '.join(cells), tests))
    generated = '\n'.join(lines) + '\n'
    doc = read(DOC) if os.path.exists(os.path.join(ROOT, DOC)) else ''
    m = re.search(re.escape(BEGIN) + r'\n(.*?)' + re.escape(END), doc, flags=re.S)
    if '--update' in sys.argv:
        if not m:
            errors.append('%s: no %s ... %s markers' % (DOC, BEGIN, END))
        else:
            doc = doc[:m.start(1)] + generated + doc[m.end(1):]
            with open(os.path.join(ROOT, DOC), 'w', encoding='utf-8') as f:
                f.write(doc)
    elif not m or m.group(1) != generated:
        errors.append('%s: the kernel table is out of date (make check-ports UPDATE=1)' % DOC)

    for e in errors:
        print('check-ports: ' + e)
    if errors:
        return 1
    print('check-ports: %d kernels, ports %s: ok' % (len(names), ', '.join(ports)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
