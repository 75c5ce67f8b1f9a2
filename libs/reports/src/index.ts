export { ReportsModule } from './reports.module.js';
export { ReportsService } from './reports.service.js';
export { reportsConfig } from './reports.config.js';
export type { ReportFigures } from './report-figures.js';
export type { AgentsReportDto, CampaignReportDto } from './dto/report.dto.js';
