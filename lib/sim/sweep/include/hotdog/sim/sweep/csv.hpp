#pragma once
/// @file csv.hpp
/// CSV as RFC 4180 writes it, and the column names sweeps give summary fields.

#include <string>
#include <string_view>

namespace hotdog::sim {

/// `text` as one RFC 4180 field: as it is, or in double quotes (quotes doubled) when it holds
/// a comma, a quote, a carriage return or a newline.
std::string csv_field(std::string_view text);

/// Whether a dotted summary field (`waits.all.mean`, `machines.m1.sold_out`) is a time in ms.
bool is_time_field(std::string_view field);

/// A summary field's column name in the CSVs: the field itself, with `_ms` added to times.
std::string csv_column(std::string_view field);

}  // namespace hotdog::sim
