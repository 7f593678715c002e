// The size of an ADOL-C tape in bytes, computed as adolc.cpp computes it
// (operations, locations and values from tapestats), for adolc.cpp's
// adolc_note_tape(). Include it only where ADOL-C's headers are.
#pragma once

#include <adolc/adolc.h>

#include <cstddef>

inline std::size_t adolc_tape_size(short tag) {
  std::size_t stats[STAT_SIZE];
  tapestats(tag, stats);
  return stats[NUM_OPERATIONS] * sizeof(unsigned char) + stats[NUM_LOCATIONS] * sizeof(locint) +
         stats[NUM_VALUES] * sizeof(double);
}
