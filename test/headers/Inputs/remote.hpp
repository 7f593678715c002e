// A library's header: the attribute on a declaration whose definition is in
// another translation unit declares remote_grad here (contract §1).
#pragma once

[[ad::differentiate("x")]] double remote(double x, double k);
