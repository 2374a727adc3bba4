// bottleneck ships types for its main entry only; the light build (used by the Octokit
// throttling plugin) has the same API.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
