mod errors;
mod fixtures;
mod vectors;
