type ComponentProps<T extends (p: never) => unknown> = Parameters<T>[0];
import { FlowPage, LeadPage, LoginPage, PipelinePage, ProblemPage, ReconPage } from "./pages";

/** Element factories so routes (plain .ts) can render the JSX pages. */
export const views = {
  login: (p: ComponentProps<typeof LoginPage>) => <LoginPage {...p} />,
  problem: (p: ComponentProps<typeof ProblemPage>) => <ProblemPage {...p} />,
  pipeline: (p: ComponentProps<typeof PipelinePage>) => <PipelinePage {...p} />,
  lead: (p: ComponentProps<typeof LeadPage>) => <LeadPage {...p} />,
  recon: (p: ComponentProps<typeof ReconPage>) => <ReconPage {...p} />,
  flow: (p: ComponentProps<typeof FlowPage>) => <FlowPage {...p} />,
};
