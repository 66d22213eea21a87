// jstat ships no types; these are the few functions synth uses (see jstat's README, "Distributions").
declare module 'jstat' {
  interface Continuous2 {
    cdf(x: number, a: number, b: number): number;
  }
  interface Continuous1 {
    cdf(x: number, a: number): number;
  }
  interface JStat {
    normal: Continuous2;
    lognormal: Continuous2;
    uniform: Continuous2;
    exponential: Continuous1;
    chisquare: Continuous1;
    poisson: { pdf(k: number, l: number): number; cdf(k: number, l: number): number };
  }
  const jStat: JStat & { jStat?: JStat };
  export default jStat;
}
