// Linked into every program of a ThreadSanitizer build (cmake/sanitizers.cmake)
// and nowhere else.
//
// Debian's Abseil is not built with ThreadSanitizer, so its Mutex and
// Notification synchronise through atomics and futexes that TSan cannot see,
// and every access guarded by an absl::Mutex would be reported as a race.
// The linker's --wrap sends our calls of these functions here; each calls the
// real one and tells TSan about the acquire or release it performed, which is
// what an instrumented Abseil would have done itself.
#include <sanitizer/tsan_interface.h>
#include <sched.h>

#include <string_view>

#include "absl/base/options.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

#define SPANLAB_STR2(x) #x
#define SPANLAB_STR(x) SPANLAB_STR2(x)
// The wrapped names below are mangled with this inline namespace.
static_assert(std::string_view(
                  SPANLAB_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME)) == "debian3",
              "Abseil's inline namespace changed: update the symbol names here "
              "and in cmake/sanitizers.cmake");

using absl::Mutex;
using absl::Notification;

extern "C" {

#define SPANLAB_REAL(sym) __real_##sym
#define SPANLAB_WRAP(sym) __wrap_##sym

// void Mutex::Lock() and friends: the real call, then the annotation.
#define SPANLAB_ACQUIRING(sym)         \
  void SPANLAB_REAL(sym)(Mutex * mu);  \
  void SPANLAB_WRAP(sym)(Mutex * mu) { \
    SPANLAB_REAL(sym)(mu);             \
    __tsan_acquire(mu);                \
  }
#define SPANLAB_RELEASING(sym)         \
  void SPANLAB_REAL(sym)(Mutex * mu);  \
  void SPANLAB_WRAP(sym)(Mutex * mu) { \
    __tsan_release(mu);                \
    SPANLAB_REAL(sym)(mu);             \
  }
#define SPANLAB_TRYING(sym)                    \
  bool SPANLAB_REAL(sym)(Mutex * mu);          \
  bool SPANLAB_WRAP(sym)(Mutex * mu) {         \
    const bool locked = SPANLAB_REAL(sym)(mu); \
    if (locked) __tsan_acquire(mu);            \
    return locked;                             \
  }

SPANLAB_ACQUIRING(_ZN4absl7debian35Mutex4LockEv)
SPANLAB_ACQUIRING(_ZN4absl7debian35Mutex10ReaderLockEv)
SPANLAB_RELEASING(_ZN4absl7debian35Mutex6UnlockEv)
SPANLAB_RELEASING(_ZN4absl7debian35Mutex12ReaderUnlockEv)
SPANLAB_TRYING(_ZN4absl7debian35Mutex7TryLockEv)
SPANLAB_TRYING(_ZN4absl7debian35Mutex13ReaderTryLockEv)

// Await and LockWhen evaluate the condition inside Abseil, on whichever
// thread is releasing the mutex, at moments TSan cannot be told about. In
// this build they are replaced by a polling loop that evaluates the
// condition here, on the waiting thread, with the mutex held and annotated.
// Slower, but only ThreadSanitizer builds use it.
void __wrap__ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE(
    Mutex* mu, const absl::Condition& cond) {
  while (!cond.Eval()) {
    __wrap__ZN4absl7debian35Mutex6UnlockEv(mu);
    sched_yield();
    __wrap__ZN4absl7debian35Mutex4LockEv(mu);
  }
}
void __wrap__ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE(
    Mutex* mu, const absl::Condition& cond) {
  __wrap__ZN4absl7debian35Mutex4LockEv(mu);
  __wrap__ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE(mu, cond);
}

// Notification: Notify releases, the waits acquire.
void __real__ZN4absl7debian312Notification6NotifyEv(Notification* n);
void __wrap__ZN4absl7debian312Notification6NotifyEv(Notification* n) {
  __tsan_release(n);
  __real__ZN4absl7debian312Notification6NotifyEv(n);
}
void __real__ZNK4absl7debian312Notification19WaitForNotificationEv(
    const Notification* n);
void __wrap__ZNK4absl7debian312Notification19WaitForNotificationEv(
    const Notification* n) {
  __real__ZNK4absl7debian312Notification19WaitForNotificationEv(n);
  __tsan_acquire(const_cast<Notification*>(n));
}

}  // extern "C"
