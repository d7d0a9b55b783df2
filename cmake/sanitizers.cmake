# Sanitizer and fuzzing builds.
#
#   -DSPANLAB_SANITIZE=address  AddressSanitizer + UndefinedBehaviorSanitizer;
#                               any report fails the test that caused it.
#   -DSPANLAB_SANITIZE=thread   ThreadSanitizer, for the concurrency tests
#                               (ctest -L concurrency).
#   -DSPANLAB_FUZZ=ON           libFuzzer targets in tests/fuzz (clang only);
#                               every library is built with coverage
#                               instrumentation so the fuzzers can see it.
#
# CMakePresets.json names the usual combinations; scripts/sanitize.sh is what
# CI runs. Debian's gRPC, protobuf and RocksDB are not instrumented: ASan
# still checks every access our code makes, and TSan still sees their locks
# (pthread calls are intercepted), which is what the concurrency tests need.
set(SPANLAB_SANITIZE "" CACHE STRING
    "Build with sanitizers: empty, 'address' (ASan+UBSan) or 'thread' (TSan)")
set_property(CACHE SPANLAB_SANITIZE PROPERTY STRINGS "" address thread)
option(SPANLAB_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

if(SPANLAB_SANITIZE STREQUAL "address")
  set(SPANLAB_SANITIZER_FLAGS
      -fsanitize=address,undefined -fno-sanitize-recover=all)
elseif(SPANLAB_SANITIZE STREQUAL "thread")
  set(SPANLAB_SANITIZER_FLAGS -fsanitize=thread)
elseif(NOT SPANLAB_SANITIZE STREQUAL "")
  message(FATAL_ERROR
    "SPANLAB_SANITIZE must be empty, 'address' or 'thread', "
    "not '${SPANLAB_SANITIZE}'")
endif()

if(SPANLAB_SANITIZER_FLAGS)
  add_compile_options(${SPANLAB_SANITIZER_FLAGS} -fno-omit-frame-pointer)
  add_link_options(${SPANLAB_SANITIZER_FLAGS})
endif()

if(SPANLAB_SANITIZE STREQUAL "thread")
  # Debian's Abseil is not instrumented: route our calls of its Mutex and
  # Notification through tests/support/tsan_absl_sync.cc, which tells TSan
  # about each acquire and release. An object library, so that every
  # program gets the wrappers whatever its link order.
  foreach(sym
      _ZN4absl7debian35Mutex4LockEv _ZN4absl7debian35Mutex10ReaderLockEv
      _ZN4absl7debian35Mutex6UnlockEv _ZN4absl7debian35Mutex12ReaderUnlockEv
      _ZN4absl7debian35Mutex7TryLockEv _ZN4absl7debian35Mutex13ReaderTryLockEv
      _ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE
      _ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE
      _ZN4absl7debian312Notification6NotifyEv
      _ZNK4absl7debian312Notification19WaitForNotificationEv)
    add_link_options(-Wl,--wrap=${sym})
  endforeach()
  add_library(spanlab_tsan_absl_sync OBJECT
    ${CMAKE_SOURCE_DIR}/tests/support/tsan_absl_sync.cc)
  target_link_libraries(spanlab_tsan_absl_sync PUBLIC absl::synchronization)
  link_libraries(spanlab_tsan_absl_sync)
endif()

if(SPANLAB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR
      "SPANLAB_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14); "
      "the compiler is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
