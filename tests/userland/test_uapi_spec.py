#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that include/uapi/linux/vsw.h agrees with the netlink YAML spec.

Every operation and every attribute of every attribute set of
Documentation/netlink/specs/vsw.yaml must have its enum constant in the
header (the set's name-prefix, in the C enum the set's enum-name names)
with the same value (UNSPEC = 0, then the order of the YAML lists, unless
the YAML gives a value); the header must have no constant the YAML lacks;
each enum's MAX must be its last value and __MAX one more. The consts, the
enums of the definitions and the multicast group names must match too, and
every reference inside the YAML (nested-attributes, enum, operation
attributes, a check naming a const) must resolve. Output is TAP, one line
per check.

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


def defines_int(defines):
    return {k: v for k, v in defines.items() if isinstance(v, int)}


def evaluate(expr, known):
    """A value: integers (with C suffixes), known names, + - << |."""
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]+\b", r"\1", expr)
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
                defines[m.group(1)] = evaluate(value, defines_int(defines))
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


def c_enum_name(name):
    return name.replace("-", "_")


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


def check_enum(tap, enums, what, prefix, items, enum_name=None):
    """items: YAML list of dicts with 'name' and maybe 'value'."""
    cprefix = c_name(prefix)
    unspec = cprefix + "_UNSPEC"
    enum = next((e for e in enums.values()
                 if any(n == unspec for n, _ in e)), None)
    tap.check(enum is not None, "%s: enum with %s" % (what, unspec))
    if enum is None:
        return
    if enum_name is not None:
        cname = c_enum_name(enum_name)
        tap.check(enums.get(cname) is enum,
                  "%s: %s is enum %s" % (what, unspec, cname),
                  "enum %s %s" % (cname, "has no " + unspec
                                  if cname in enums else "does not exist"))
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
    tap.check(values.get("__" + cprefix + "_MAX") == last + 1,
              "%s: __%s_MAX = %d" % (what, cprefix, last + 1),
              "header has %s" % (values.get("__" + cprefix + "_MAX"),))


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
            consts_of_enum = set()
            for i, entry in enumerate(d["entries"]):
                entry = entry if isinstance(entry, str) else entry["name"]
                const = c_name(prefix, entry)
                consts_of_enum.add(const)
                value = d.get("value-start", 0) + i
                if d["type"] == "flags":
                    value = 1 << value
                tap.check(values.get(const) == value,
                          "%s %s = %d" % (d["type"], const, value),
                          "header has %s" % (values.get(const, "nothing"),))
            cname = c_enum_name(d.get("enum-name",
                                      spec["name"] + "-" + d["name"]))
            got = {n for n, _ in enums.get(cname, [])}
            tap.check(got == consts_of_enum,
                      "%s %s: the header's enum has exactly these" %
                      (d["type"], cname),
                      "header: %s" % ", ".join(sorted(got)) if got
                      else "no enum %s in the header" % cname)

    # Every const of the header of the form VSW_X must be in the YAML
    # (consts, multicast groups, the family's name and version).
    yaml_consts = {c_name(spec["name"], d["name"])
                   for d in spec.get("definitions", [])
                   if d.get("type") == "const"}
    mcgrps = [g["name"] for g in spec.get("mcast-groups", {}).get("list", [])]
    for grp in mcgrps:
        const = c_name(spec["name"], "mcgrp", grp)
        yaml_consts.add(const)
        tap.check(defines.get(const) == grp,
                  "multicast group %s = \"%s\"" % (const, grp),
                  "header has %r" % (defines.get(const),))
    yaml_consts |= {family + "_GENL_NAME", family + "_GENL_VERSION"}
    extra = sorted(d for d in defines
                   if d.startswith(family + "_") and d not in yaml_consts)
    tap.check(not extra, "header has no #define the YAML lacks",
              "extra: %s" % ", ".join(extra))

    ops = spec["operations"]
    check_enum(tap, enums, "operations",
               ops.get("name-prefix", spec["name"] + "-cmd-"), ops["list"],
               ops.get("enum-name", spec["name"] + "-cmd"))

    # Every enum of the header belongs to the YAML (no undocumented ABI).
    yaml_enums = {c_enum_name(ops.get("enum-name", spec["name"] + "-cmd"))}
    yaml_enums |= {c_enum_name(d.get("enum-name",
                                     spec["name"] + "-" + d["name"]))
                   for d in spec.get("definitions", [])
                   if d.get("type") in ("enum", "flags")}

    for aset in spec["attribute-sets"]:
        if aset.get("subset-of"):
            continue  # shares the enum of the set it is a subset of
        tap.check("name-prefix" in aset,
                  "attribute-set %s: has a name-prefix" % aset["name"])
        prefix = aset.get("name-prefix", spec["name"] + "-a-")
        enum_name = aset.get("enum-name",
                             spec["name"] + "-" + aset["name"] + "-attrs")
        yaml_enums.add(c_enum_name(enum_name))
        check_enum(tap, enums, "attribute-set " + aset["name"], prefix,
                   aset["attributes"], enum_name)
        # An attribute "x" with a const "x-max" must be checked against
        # it: a string's max-len, a number's max (and "x-min" its min).
        for attr in aset["attributes"]:
            for bound, key in (("max", "max"), ("min", "min")):
                limit = consts.get(attr["name"] + "-" + bound)
                if limit is None:
                    continue
                if attr["type"] == "string":
                    if bound == "min":
                        continue
                    key = "max-len"
                got = attr.get("checks", {}).get(key)
                tap.check(got in (limit, attr["name"] + "-" + bound),
                          "attribute %s.%s: %s is %s-%s (%d)" %
                          (aset["name"], attr["name"], key, attr["name"],
                           bound, limit),
                          "%s is %r" % (key, got))

    extra = sorted(set(enums) - yaml_enums)
    tap.check(not extra, "header has no enum the YAML lacks",
              "extra: %s" % ", ".join(extra))

    # References inside the YAML must resolve.
    sets = {s["name"]: {a["name"] for a in s["attributes"]}
            for s in spec["attribute-sets"]}
    defs = {d["name"]: d for d in spec.get("definitions", [])}
    for aset in spec["attribute-sets"]:
        for attr in aset["attributes"]:
            where = "attribute %s.%s" % (aset["name"], attr["name"])
            if attr.get("type") == "nest":
                tap.check(attr.get("nested-attributes") in sets,
                          where + ": nested-attributes is a set",
                          "nested-attributes: %r" %
                          (attr.get("nested-attributes"),))
            if "enum" in attr:
                tap.check(defs.get(attr["enum"], {}).get("type") == "enum",
                          where + ": enum %s is defined" % attr["enum"])
            for key, ref in sorted(attr.get("checks", {}).items()):
                if isinstance(ref, str):
                    tap.check(defs.get(ref, {}).get("type") == "const",
                              where + ": check %s names a const" % key,
                              "%s: %r" % (key, ref))

    for op in ops["list"]:
        if "mcgrp" in op:
            tap.check(op["mcgrp"] in mcgrps,
                      "operation %s: mcgrp %s exists" % (op["name"],
                                                         op["mcgrp"]))

    # Every operation's attributes must exist in its attribute set.
    for op in ops["list"]:
        names = set((op.get("event") or {}).get("attributes", []))
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
