// The runtime of `ad`: everything generated gradients need. Including it in
// your own code is always allowed; the plugin includes it for you.
#pragma once

#include <ad/closures.hpp>
#include <ad/derivatives.hpp>
#include <ad/fused.hpp>
#include <ad/records.hpp>
#include <ad/shadow.hpp>
#include <ad/tape.hpp>

#include <array> // f_jacobian's work arrays of sizes known at compile time
