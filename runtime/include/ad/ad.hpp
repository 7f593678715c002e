// The runtime of `ad`: everything generated gradients need. Including it in
// your own code is always allowed; the plugin includes only what the file
// needs (ad/core.hpp and what the file uses of the rest).
#pragma once

#include <ad/core.hpp>
#include <ad/vector.hpp>

#include <algorithm> // std::copy and std::fill in f_jacobian
#include <array>     // f_jacobian's work arrays of sizes known at compile time
#include <optional>  // locals of classes that cannot be default-constructed
