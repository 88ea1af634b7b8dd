//! Talking to providers well: the rate bound, circuit breakers, errors.

pub mod breaker;
pub mod error;
pub mod probe;
pub mod rate_limiter;

pub use breaker::{BreakerStatus, CircuitBreaker};
pub use error::{parse_retry_after, ProviderError};
pub use rate_limiter::RateLimiter;
