// What every generated gradient needs, and nothing more: the tapes, logs,
// records, derivative rules and shadow helpers, without the standard
// container headers (<vector>, <array>, <optional>, <algorithm>), which
// would add up to 0.1 s each to the compile time of every file the plugin
// touches. The plugin includes this file, and after it ad/vector.hpp,
// <array>, <optional> or <algorithm> when the file or its generated code
// uses them. Your own code includes <ad/ad.hpp>, which has it all.
#pragma once

#include <ad/closures.hpp>
#include <ad/derivatives.hpp>
#include <ad/fused.hpp>
#include <ad/records.hpp>
#include <ad/shadow.hpp>
#include <ad/tape.hpp>
