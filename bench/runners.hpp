// The runners of the real-code workloads W4-W6 and W9 (one file each:
// w4_gmm.cpp, w5_lstm.cpp, w6_ode.cpp, w9_ba.cpp). Each makes its data as
// WORKLOADS.md prescribes (full or tiny size), checks every variant and
// prints its rows of the table (table.hpp).
#pragma once

namespace bench {
void run_w4_gmm(bool tiny, int samples, double min_seconds);
void run_w5_lstm(bool tiny, int samples, double min_seconds);
void run_w6_ode(bool tiny, int samples, double min_seconds);
void run_w9_ba(bool tiny, int samples, double min_seconds);
} // namespace bench
