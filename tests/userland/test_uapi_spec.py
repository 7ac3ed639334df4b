#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that include/uapi/linux/vsw.h agrees with the netlink YAML spec.

Every operation and attribute of Documentation/netlink/specs/vsw.yaml must
have its enum constant in the header with the same value (UNSPEC = 0, then
the order of the YAML lists, unless the YAML gives a value), the header
must have no constant the YAML lacks, each enum's MAX must be its last
value, and the consts must match. Output is TAP, one line per check.

Usage: test_uapi_spec.py [TOPDIR]
"""

import os
import re
import sys

import yaml


def c_name(*parts):
    return "_".join(p.replace("-", "_").upper().strip("_") for p in parts if p)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def evaluate(expr, known):
    """An enum value: an integer, a known name, or a sum of those."""
    def name(m):
        if m.group(0) not in known:
            raise ValueError("unknown name %s in %r" % (m.group(0), expr))
        return str(known[m.group(0)])
    expr = re.sub(r"\b[A-Za-z_]\w*\b", name, expr)
    if not re.fullmatch(r"[0-9a-fA-FxX+\-()<| ]+", expr):
        raise ValueError("cannot evaluate %r" % expr)
    return int(eval(expr, {"__builtins__": {}}))


def parse_header(path):
    """Return ({enum name: [(const, value)]}, {define: value})."""
    text = strip_comments(open(path).read())
    defines = {}
    for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$",
                         text, flags=re.M):
        value = m.group(2)
        if re.fullmatch(r'"[^"]*"', value):
            defines[m.group(1)] = value[1:-1]
        else:
            try:
                defines[m.group(1)] = int(value, 0)
            except ValueError:
                defines[m.group(1)] = value
    enums = {}
    known = {k: v for k, v in defines.items() if isinstance(v, int)}
    for m in re.finditer(r"\benum\s+(\w+)\s*\{(.*?)\}\s*;", text, flags=re.S):
        entries, value = [], -1
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            if "=" in item:
                ident, expr = (s.strip() for s in item.split("=", 1))
                value = evaluate(expr, known)
            else:
                ident, value = item, value + 1
            known[ident] = value
            entries.append((ident, value))
        enums[m.group(1)] = entries
    return enums, defines


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        self.n += 1
        if not ok:
            self.failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, what))
        if not ok and detail:
            print("# " + detail)

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def check_enum(tap, enums, what, prefix, items):
    """items: YAML list of dicts with 'name' and maybe 'value'."""
    cprefix = c_name(prefix)
    unspec = cprefix + "_UNSPEC"
    enum = next((e for e in enums.values()
                 if any(n == unspec for n, _ in e)), None)
    tap.check(enum is not None, "%s: enum with %s" % (what, unspec))
    if enum is None:
        return
    values = dict(enum)
    tap.check(values[unspec] == 0, "%s: %s = 0" % (what, unspec),
              "%s = %s" % (unspec, values[unspec]))

    expected, value = {}, 0
    for item in items:
        value = item.get("value", value + 1)
        const = c_name(prefix, item["name"])
        expected[const] = value
        tap.check(values.get(const) == value,
                  "%s: %s = %d" % (what, const, value),
                  "header has %s" % (values.get(const, "nothing"),))

    internal = {unspec, "__" + cprefix + "_MAX", cprefix + "_MAX"}
    extra = [n for n, _ in enum if n not in expected and n not in internal]
    tap.check(not extra, "%s: header has no constant the YAML lacks" % what,
              "extra: %s" % ", ".join(extra))
    last = max(expected.values(), default=0)
    tap.check(values.get(cprefix + "_MAX") == last,
              "%s: %s_MAX = %d" % (what, cprefix, last),
              "header has %s" % (values.get(cprefix + "_MAX"),))


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")
    spec_path = os.path.join(top, "Documentation/netlink/specs/vsw.yaml")
    header_path = os.path.join(top, "include/uapi/linux/vsw.h")
    tap = Tap()

    spec = yaml.safe_load(open(spec_path))
    enums, defines = parse_header(header_path)
    family = c_name(spec["name"])

    tap.check(spec.get("protocol") == "genetlink", "spec: protocol genetlink")
    tap.check(defines.get(family + "_GENL_NAME") == spec["name"],
              "%s_GENL_NAME = \"%s\"" % (family, spec["name"]),
              "header has %r" % (defines.get(family + "_GENL_NAME"),))
    tap.check(isinstance(defines.get(family + "_GENL_VERSION"), int),
              "%s_GENL_VERSION is an integer" % family)

    consts = {}
    values = {n: v for e in enums.values() for n, v in e}
    for d in spec.get("definitions", []):
        if d.get("type") == "const":
            const = c_name(spec["name"], d["name"])
            consts[d["name"]] = d["value"]
            tap.check(defines.get(const) == d["value"],
                      "const %s = %s" % (const, d["value"]),
                      "header has %r" % (defines.get(const),))
        elif d.get("type") in ("enum", "flags"):
            prefix = d.get("name-prefix", spec["name"] + "-" + d["name"] + "-")
            for i, entry in enumerate(d["entries"]):
                entry = entry if isinstance(entry, str) else entry["name"]
                const = c_name(prefix, entry)
                value = d.get("value-start", 0) + i
                if d["type"] == "flags":
                    value = 1 << value
                tap.check(values.get(const) == value,
                          "%s %s = %d" % (d["type"], const, value),
                          "header has %s" % (values.get(const, "nothing"),))

    ops = spec["operations"]
    check_enum(tap, enums, "operations",
               ops.get("name-prefix", spec["name"] + "-cmd-"), ops["list"])

    for aset in spec["attribute-sets"]:
        if aset.get("subset-of"):
            continue  # shares the enum of the set it is a subset of
        prefix = aset.get("name-prefix", spec["name"] + "-a-")
        check_enum(tap, enums, "attribute-set " + aset["name"], prefix,
                   aset["attributes"])
        # An attribute "x" with a const "x-max" must be checked against it.
        for attr in aset["attributes"]:
            limit = consts.get(attr["name"] + "-max")
            if limit is None:
                continue
            max_len = attr.get("checks", {}).get("max-len")
            tap.check(max_len in (limit, attr["name"] + "-max"),
                      "attribute %s: max-len is %s-max (%d)" %
                      (attr["name"], attr["name"], limit),
                      "max-len is %r" % (max_len,))

    # Every operation's attributes must exist in its attribute set.
    sets = {s["name"]: {a["name"] for a in s["attributes"]}
            for s in spec["attribute-sets"]}
    for op in ops["list"]:
        names = set()
        for mode in ("do", "dump"):
            for part in ("request", "reply"):
                names |= set((op.get(mode) or {}).get(part, {})
                             .get("attributes", []))
        missing = names - sets.get(op.get("attribute-set"), set())
        tap.check(not missing, "operation %s: attributes exist" % op["name"],
                  "missing: %s" % ", ".join(sorted(missing)))

    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
