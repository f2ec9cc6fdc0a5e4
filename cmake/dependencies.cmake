# Dependencies come from Debian 12 packages only (see scripts/setup).
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 REQUIRED)

# Debian's libasio-dev ships no CMake package: define the imported target here.
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
if(NOT TARGET asio::asio)
  add_library(asio::asio INTERFACE IMPORTED)
  set_target_properties(asio::asio PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${ASIO_INCLUDE_DIR}")
  # clang 14 does not advertise coroutine support to Asio's detection macros.
  # Asio 1.22 decides between aligned_alloc/free and new/delete by whether libstdc++'s
  # config was already included, which differs between translation units: memory allocated
  # in one and freed in another mismatches (AddressSanitizer: alloc-dealloc-mismatch). Pin it.
  target_compile_definitions(asio::asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED ASIO_HAS_CO_AWAIT=1
                                                  ASIO_HAS_STD_COROUTINE=1 ASIO_DISABLE_STD_ALIGNED_ALLOC)
  target_link_libraries(asio::asio INTERFACE Threads::Threads)
endif()
