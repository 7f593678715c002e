"""Which integer parameters adcpp may infer from array lengths, and the
length checks that protect C++ from reading past the end of an array.

A C++ pointer carries no length, so adcpp knows how many elements a
function reads through it only from a size the attribute states
(`[[ad::differentiate("x[n]")]]`, which the manifest reports as the
pointer's extent) or from the convention of numerical C: one integer
parameter giving the length of the data arrays. The rules (docs/python.md
states them for users):

A. Declared sizes. A pointer whose extent is an integer N must get at least
   N elements. A pointer whose extent names an integer parameter n must get
   at least n elements; n may be left out, and is then the length of those
   pointers' arguments (all of them must have the same length).

B. One integer. If, besides the integers of rule A, the function has
   exactly one integer parameter n and at least one pointer parameter whose
   size is not declared ("free" pointers), n is taken to count the elements
   of the free pointers' arguments: of all of them when their lengths
   agree, else of the inactive ones (the data; active pointers of another
   length are parameters such as p = (lambda, rho)), else of all of them.
   n may be left out when that group's lengths agree (n = that length);
   when given, n must not exceed the shortest of the group.
   `adcpp.compile(..., infer_sizes=False)` turns rule B off, for the rare
   function whose lone integer is not a length.

T[N] and std::array<T, N> arguments must have exactly N elements;
std::vector arguments carry their own length.
"""

from ._convert import where


class SizeRule:
    """The size rules of one function, worked out once from its spec."""

    def __init__(self, spec, infer_sizes=True):
        self.spec = spec
        ints = [p for p in spec.params if p.form == "scalar" and p.element
                and p.element.is_int]
        int_names = {p.name for p in ints}
        # Rule A: size parameter name -> pointers it sizes.
        self.declared = {}
        self.fixed = []          # pointers of a constant declared size
        free = []
        for p in spec.params:
            if p.form != "pointer":
                continue
            if isinstance(p.extent, int):
                self.fixed.append(p)
            elif isinstance(p.extent, str) and p.extent in int_names:
                self.declared.setdefault(p.extent, []).append(p)
            else:
                free.append(p)
        rest = [p for p in ints if p.name not in self.declared]
        # Rule B
        self.lone = rest[0] if infer_sizes and len(rest) == 1 and free else None
        self.free = free if self.lone else []
        self.inferable = set(self.declared)
        if self.lone:
            self.inferable.add(self.lone.name)

    def _group(self, arrays):
        """Rule B's group: [(param, length)]."""
        group = [(p, arrays[p.name].size) for p in self.free]
        if len({n for _, n in group}) > 1:
            inactive = [(p, n) for p, n in group if not p.active]
            if inactive:
                return inactive
        return group

    def apply(self, fname, values, arrays):
        """Fills left-out size parameters into `values` (name -> int) and
        checks every length it can; `arrays` maps each container
        parameter's name to its converted numpy array."""
        for p in self.fixed:
            if arrays[p.name].size < p.extent:
                raise ValueError(f"{where(fname, p)} reads {p.extent} elements, "
                                 f"got {arrays[p.name].size}")
        for p in self.spec.params:
            if p.form in ("array", "std_array") and arrays[p.name].size != p.extent:
                raise ValueError(f"{where(fname, p)} takes exactly {p.extent} "
                                 f"elements, got {arrays[p.name].size}")
        for name, pointers in self.declared.items():
            self._settle(fname, name, [(p, arrays[p.name].size) for p in pointers],
                         values, "whose size it is")
        if self.lone:
            self._settle(fname, self.lone.name, self._group(arrays), values,
                         "the length of the arrays")

    def _settle(self, fname, name, group, values, role):
        lengths = ", ".join(f"'{p.name}' has {n}" for p, n in group)
        if name not in values:
            if len({n for _, n in group}) != 1:
                raise TypeError(
                    f"{fname}(): cannot infer the integer parameter '{name}' "
                    f"({role}) from the arrays' lengths ({lengths}): pass it")
            values[name] = group[0][1]
            return
        given = values[name]
        shortest, n = min(group, key=lambda pn: pn[1])
        if given > n:
            raise ValueError(
                f"{fname}(): '{name}' = {given}, but {lengths} elements; the "
                f"function would read past the end of '{shortest.name}'")
