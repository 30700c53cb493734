"""Loads a YAML file with libyaml (PyYAML's C loader, CSafeLoader) and a JSON file, and says whether they hold the same tree.

Prints "same" and exits 0, or prints the first difference (JSON path, both values, ASCII-escaped) and exits 1;
exits 2 when libyaml refuses the YAML (its message printed) or PyYAML's C loader is missing.
"""
import json
import sys

try:
    import yaml
    loader = yaml.CSafeLoader
except (ImportError, AttributeError) as error:
    print("PyYAML with libyaml (CSafeLoader) is not installed: apt-get install python3-yaml (%s)" % error)
    sys.exit(2)


def first_difference(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            return path, sorted(a.keys()), sorted(b.keys())
        for key in a:
            found = first_difference(a[key], b[key], path + "." + key)
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return path, len(a), len(b)
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, "%s[%d]" % (path, i))
            if found:
                return found
        return None
    if type(a) is not type(b) or a != b:
        return path, a, b
    return None


try:
    with open(sys.argv[1], "rb") as f:
        from_yaml = yaml.load(f, Loader=loader)
except yaml.YAMLError as error:
    print("libyaml refused %s: %s" % (sys.argv[1], error))
    sys.exit(2)

with open(sys.argv[2], "rb") as f:
    from_json = json.load(f)

difference = first_difference(from_yaml, from_json, "$")
if difference:
    print("differs at %s: yaml %s, json %s" % (difference[0], json.dumps(difference[1]), json.dumps(difference[2])))
    sys.exit(1)
print("same")
